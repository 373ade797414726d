namespace PrintStash.Ingestion.Thumbnails;

/// <summary>
/// Scan-converts triangles into a <see cref="SampleFrame"/>. For each row the span where all three edge functions are
/// non-negative is solved directly (widened by a thousandth of a sample so shared edges never leave cracks), so only
/// covered samples are visited; depth is interpolated linearly (orthographic) and the strict depth test lets the
/// earliest triangle win ties. Both windings are drawn.
/// </summary>
internal static class TriangleRasterizer
{
    private const float EdgeSlack = 1e-3f;

    public static void Draw(ReadOnlySpan<float> triangles, SampleFrame frame, in ViewProjection view, in FlatShading shading, CancellationToken cancellationToken)
    {
        var size = frame.Size;
        var depth = frame.Depth;
        var shade = frame.Shade;
        float limit = size - 1;
        for (var t = 0; t + 8 < triangles.Length; t += 9)
        {
            if ((t & 0x3FFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var tri = triangles.Slice(t, 9);
            float ax = tri[0] - view.Rx, ay = tri[1] - view.Ry, az = tri[2] - view.Rz;
            float bx = tri[3] - view.Rx, by = tri[4] - view.Ry, bz = tri[5] - view.Rz;
            float cx = tri[6] - view.Rx, cy = tri[7] - view.Ry, cz = tri[8] - view.Rz;

            var x0 = (ax * view.Xx) + (ay * view.Xy) + (az * view.Xz) + view.X0;
            var y0 = (ax * view.Yx) + (ay * view.Yy) + (az * view.Yz) + view.Y0;
            var x1 = (bx * view.Xx) + (by * view.Xy) + (bz * view.Xz) + view.X0;
            var y1 = (bx * view.Yx) + (by * view.Yy) + (bz * view.Yz) + view.Y0;
            var x2 = (cx * view.Xx) + (cy * view.Xy) + (cz * view.Xz) + view.X0;
            var y2 = (cx * view.Yx) + (cy * view.Yy) + (cz * view.Yz) + view.Y0;

            // Sample centres are at i + 0.5: the covered index range is [ceil(min − 0.5), floor(max − 0.5)].
            var minX = MathF.Max(MathF.Ceiling(MathF.Min(x0, MathF.Min(x1, x2)) - 0.5f - EdgeSlack), 0);
            var maxX = MathF.Min(MathF.Floor(MathF.Max(x0, MathF.Max(x1, x2)) - 0.5f + EdgeSlack), limit);
            if (!(minX <= maxX))
            {
                continue;
            }

            var minY = MathF.Max(MathF.Ceiling(MathF.Min(y0, MathF.Min(y1, y2)) - 0.5f - EdgeSlack), 0);
            var maxY = MathF.Min(MathF.Floor(MathF.Max(y0, MathF.Max(y1, y2)) - 0.5f + EdgeSlack), limit);
            if (!(minY <= maxY))
            {
                continue;
            }

            var area = ((x1 - x0) * (y2 - y0)) - ((y1 - y0) * (x2 - x0));
            if (area < 0)
            {
                (x1, x2) = (x2, x1);
                (y1, y2) = (y2, y1);
                (bx, cx) = (cx, bx);
                (by, cy) = (cy, by);
                (bz, cz) = (cz, bz);
                area = -area;
            }

            if (!(area > 1e-9f) || !float.IsFinite(area))
            {
                continue;
            }

            var z0 = (ax * view.Zx) + (ay * view.Zy) + (az * view.Zz);
            var z1 = (bx * view.Zx) + (by * view.Zy) + (bz * view.Zz);
            var z2 = (cx * view.Zx) + (cy * view.Zy) + (cz * view.Zz);

            // Edge i (opposite vertex i), relative to one of its end points: w_i = ex·(px − xr) + ey·(py − yr), ≥ 0 inside.
            var edges = new Edges(new Edge(y1 - y2, x2 - x1, x1, y1), new Edge(y2 - y0, x0 - x2, x2, y2), new Edge(y0 - y1, x1 - x0, x0, y0));
            var inverseArea = 1f / area;
            var dzdx = ((edges.A.Ex * z0) + (edges.B.Ex * z1) + (edges.C.Ex * z2)) * inverseArea;
            var dzdy = ((edges.A.Ey * z0) + (edges.B.Ey * z1) + (edges.C.Ey * z2)) * inverseArea;

            var triangleShade = (byte)0;
            var shaded = false;
            int lastY = (int)maxY;
            for (var y = (int)minY; y <= lastY; y++)
            {
                var py = y + 0.5f;
                var low = minX;
                var high = maxX;
                if (!edges.A.Clip(py, ref low, ref high) || !edges.B.Clip(py, ref low, ref high) || !edges.C.Clip(py, ref low, ref high))
                {
                    continue;
                }

                var first = (int)low;
                var last = (int)high;
                var z = z0 + (dzdy * (py - y0)) + (dzdx * (first + 0.5f - x0));
                var row = depth.Slice(y * size, size);
                for (var x = first; x <= last; x++, z += dzdx)
                {
                    if (z < row[x])
                    {
                        if (!shaded)
                        {
                            triangleShade = shading.Shade(((by - ay) * (cz - az)) - ((bz - az) * (cy - ay)), ((bz - az) * (cx - ax)) - ((bx - ax) * (cz - az)), ((bx - ax) * (cy - ay)) - ((by - ay) * (cx - ax)));
                            shaded = true;
                        }

                        row[x] = z;
                        shade[(y * size) + x] = triangleShade;
                    }
                }
            }
        }
    }

    private readonly record struct Edges(Edge A, Edge B, Edge C);

    private readonly record struct Edge(float Ex, float Ey, float Xr, float Yr)
    {
        /// <summary>Narrows [low, high] (sample indices, centres at i + 0.5) to where this edge function is ≥ 0 on row <paramref name="py"/>.</summary>
        public bool Clip(float py, ref float low, ref float high)
        {
            var c = Ey * (py - Yr);
            if (Ex > 0)
            {
                // Ex·(px − Xr) + c ≥ 0  ⇔  px ≥ Xr − c/Ex
                low = MathF.Max(low, MathF.Ceiling(Xr - (c / Ex) - 0.5f - EdgeSlack));
            }
            else if (Ex < 0)
            {
                high = MathF.Min(high, MathF.Floor(Xr - (c / Ex) - 0.5f + EdgeSlack));
            }
            else if (c < 0)
            {
                return false;
            }

            return low <= high;
        }
    }
}

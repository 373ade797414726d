namespace PrintStash.Printers.Simulation.PrusaLink;

/// <summary>A plain thumbnail per file name (a coloured "part" on a shaded plate), stable across runs.</summary>
internal static class SimulatorPng
{
    public static byte[] Thumbnail(string seed, int width, int height)
    {
        var hash = (uint)StableHash(seed);
        var (r, g, b) = ((byte)(80 + (hash & 0x7F)), (byte)(80 + ((hash >> 8) & 0x7F)), (byte)(80 + ((hash >> 16) & 0x7F)));
        return TinyPng.Encode(width, height, (x, y) =>
        {
            var inPart = Math.Abs(x - (width / 2)) < width / 4 && y > height / 3 && y < height * 5 / 6;
            var shade = inPart ? 0.55 : 0.85 + (0.15 * y / height);
            return ((byte)Math.Min(255, r * shade), (byte)Math.Min(255, g * shade), (byte)Math.Min(255, b * shade));
        });
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}

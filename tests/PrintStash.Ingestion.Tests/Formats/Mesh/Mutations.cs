namespace PrintStash.Ingestion.Tests.Formats.Mesh;

/// <summary>Deterministic corruptions of a file: flipped bytes, truncation, random runs, damaged tail (where zip directories live).</summary>
internal static class Mutations
{
    public static IEnumerable<byte[]> Of(byte[] original, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var data = (byte[])original.Clone();
            switch (i % 4)
            {
                case 0:
                    for (var k = 0; k < 1 + random.Next(20); k++)
                    {
                        data[random.Next(data.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 1:
                    data = data.AsSpan(0, random.Next(data.Length)).ToArray();
                    break;
                case 2:
                    var at = random.Next(data.Length);
                    random.NextBytes(data.AsSpan(at, Math.Min(data.Length - at, random.Next(200))));
                    break;
                default:
                    var tail = data.Length - 1 - random.Next(Math.Min(data.Length, 200));
                    random.NextBytes(data.AsSpan(tail, Math.Min(8, data.Length - tail)));
                    break;
            }

            yield return data;
        }
    }
}

namespace PrintStash.Ingestion.Formats.ThreeMf;

/// <summary>Bytes left to decompress from one package, shared by every part stream opened from it.</summary>
internal sealed class ByteBudget(long limit)
{
    public long Limit { get; } = limit;

    public long Used { get; private set; }

    public long Remaining => Math.Max(0, Limit - Used);

    public void Charge(long bytes) => Used += bytes;
}

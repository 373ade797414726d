namespace PrintStash.Web.Components.Printers;

/// <summary>
/// Upload progress reported from a driver's thread: every value is recorded, a render is asked for at most every 2 % of
/// <paramref name="total"/>, so a fast upload causes a few renders rather than one per buffer.
/// </summary>
public sealed class ThrottledUploadProgress(long total, Action<long> record, Func<Task> render) : IProgress<long>
{
    private long shown;

    public void Report(long value)
    {
        record(value);
        if (total <= 0 || (value - shown) * 50 < total)
        {
            return;
        }

        shown = value;
        _ = render();
    }
}

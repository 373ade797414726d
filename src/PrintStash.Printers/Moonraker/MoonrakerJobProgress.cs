using PrintStash.Printers.Abstractions;

namespace PrintStash.Printers.Moonraker;

/// <summary>
/// The progress of the current job, taken from the one source that drives it for the whole job.
/// </summary>
/// <remarks>
/// Klipper's <c>display_status.progress</c> is the last <c>M73 P</c> of the file and falls back by itself to
/// <c>virtual_sdcard.progress</c> (file position / file size, header and thumbnails included) when no M73 has been
/// seen, or when the last one expired (5 s without M73 while not printing, e.g. paused). So the two values are equal
/// whenever the file does not drive progress (every diff of the recorded session carries the same number in both), and
/// they differ only while an M73 value is in charge: a file that emits <c>M73 P0</c> heats up at display 0 % while the
/// file position already says ~20 %. A job in which display_status ever differed from the file position follows
/// display_status only, and holds its last M73 value while Klipper falls back (a long pause), so progress never jumps
/// to the file position and back. A job without M73 follows the file position, as Klipper does.
/// </remarks>
internal sealed class MoonrakerJobProgress
{
    private const double SameValue = 1e-9;

    private string? fileName;
    private bool wasBusy;
    private double? slicerProgress;

    /// <summary>Progress of the job the state describes; a new job starts when the printer becomes busy or the file changes.</summary>
    public double? Next(MoonrakerObjectState state, PrinterActivity activity, string? file)
    {
        var busy = activity is PrinterActivity.Printing or PrinterActivity.Paused;
        if (busy && (!wasBusy || file != fileName))
        {
            slicerProgress = null;
            fileName = file;
        }

        wasBusy = busy;
        if (activity == PrinterActivity.Complete)
        {
            return 1.0;
        }

        var filePosition = state.Double("virtual_sdcard", "progress");
        var display = state.Double("display_status", "progress");
        if (display is { } shown && (filePosition is not { } position || Math.Abs(shown - position) > SameValue))
        {
            slicerProgress = shown;
        }

        return (slicerProgress ?? display ?? filePosition) is { } value ? Math.Clamp(value, 0, 1) : null;
    }
}

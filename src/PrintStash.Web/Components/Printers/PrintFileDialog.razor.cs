using Microsoft.AspNetCore.Components;
using PrintStash.Ingestion.Vault;
using PrintStash.Printers.Abstractions;
using PrintStash.Web.Auth;
using PrintStash.Web.Printers;
using Radzen;

namespace PrintStash.Web.Components.Printers;

/// <summary>What the dialog returns when the printer took the file.</summary>
public sealed record PrintFileSent(Guid PrinterId, string PrinterName, bool Started);

/// <summary>
/// Sends one vault print file to a printer through <see cref="VaultFileSender"/>: printers that are online and not busy
/// can be picked, the others are listed with the reason they cannot take it. The list follows the hub live, so a printer
/// that comes online or finishes while the dialog is open becomes selectable. The printer's refusal is shown in its words.
/// </summary>
public sealed partial class PrintFileDialog : IAsyncDisposable
{
    private readonly CancellationTokenSource lifetime = new();
    private PrinterBoard? board;
    private PrinterFeed? feed;
    private Guid? selectedId;
    private bool startAfterUpload = true;
    private bool sending;
    private long sent;
    private string? error;

    [Parameter, EditorRequired]
    public FileView File { get; set; } = default!;

    [Inject]
    private IPrinterHub Hub { get; set; } = default!;

    [Inject]
    private VaultFileSender Sender { get; set; } = default!;

    [Inject]
    private CurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<PrintFileDialog> Logger { get; set; } = default!;

    /// <summary>The printers that can take the file first, then the others; by name within each.</summary>
    private IEnumerable<PrinterSnapshot> Choices => board!.All.OrderBy(p => Unavailable(p) is not null);

    private PrinterSnapshot? Selected =>
        selectedId is { } id && board?.All.FirstOrDefault(p => p.PrinterId == id) is { } printer && Unavailable(printer) is null ? printer : null;

    protected override void OnInitialized()
    {
        feed = PrinterFeed.Start(Hub, batch => InvokeAsync(() =>
        {
            if (board!.Apply(batch))
            {
                StateHasChanged();
            }
        }), Logger);
        board = new PrinterBoard(feed.Current);
        var available = board.All.Where(p => Unavailable(p) is null).ToList();
        selectedId = available.Count == 1 ? available[0].PrinterId : null;
    }

    public async ValueTask DisposeAsync()
    {
        await lifetime.CancelAsync();
        if (feed is not null)
        {
            await feed.DisposeAsync();
        }
    }

    /// <summary>Why a printer cannot take a print now, or null when it can.</summary>
    private string? Unavailable(PrinterSnapshot printer)
    {
        if (printer.Connection != PrinterConnectionState.Online)
        {
            return PrinterFormat.ConnectionText(printer, Time.GetUtcNow().UtcDateTime) ?? PrinterFormat.StateText(printer);
        }

        return printer.Status.Activity switch
        {
            PrinterActivity.Printing or PrinterActivity.Paused =>
                $"Busy: {PrinterFormat.ActivityText(printer.Status.Activity).ToLowerInvariant()} {printer.Status.FileName} ({PrinterFormat.Percent(printer.Status.Progress)})",
            _ => null,
        };
    }

    private async Task SendAsync()
    {
        if (Selected is not { } printer)
        {
            return;
        }

        sending = true;
        sent = 0;
        error = null;
        try
        {
            var result = await Sender.SendAsync(printer.PrinterId, File.Id, startAfterUpload, await CurrentUser.GetActorAsync(), new ThrottledUploadProgress(File.Size, value => sent = value, () => InvokeAsync(StateHasChanged)), lifetime.Token);
            if (result.Succeeded)
            {
                Dialogs.Close(new PrintFileSent(printer.PrinterId, printer.Name, startAfterUpload));
                return;
            }

            error = $"{printer.Name} did not take the file: {result.Error ?? "it refused without saying why."}";
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The dialog closed.
        }
        finally
        {
            sending = false;
        }
    }
}

using System.Text.Json;
using Microsoft.Playwright;

namespace PrintStash.Bench.Support.Dashboard;

/// <summary>A layer number a page's DOM showed for a printer card, and when (ms since the Unix epoch, the page's wall clock).</summary>
internal sealed record DomSighting(int Page, string Slug, int Layer, double AtUnixMs);

/// <summary>
/// A MutationObserver in the dashboard page that notes, for every printer card whose "layer N / M" text changes, the
/// slug, the new layer and <c>performance.timeOrigin + performance.now()</c> (wall clock, sub-millisecond) at the moment the
/// mutation is delivered, i.e. as soon as Blazor has applied the render batch to the DOM. The benchmark drains the notes.
/// </summary>
internal static class DomProbe
{
    private const string Install = """
        () => {
          if (window.__psProbe) { return; }
          const seen = new Map();
          const notes = [];
          window.__psProbe = notes;
          const root = document.querySelector('#printer-dashboard');
          const read = card => {
            const facts = card.querySelector('.ps-pc-facts');
            const m = facts ? /layer (\d+)/.exec(facts.textContent) : null;
            return m ? Number(m[1]) : null;
          };
          for (const card of root.querySelectorAll('a.ps-pc')) { seen.set(card.dataset.printer, read(card)); }
          new MutationObserver(records => {
            const at = performance.timeOrigin + performance.now();
            const cards = new Set();
            for (const r of records) {
              const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
              const card = el && el.closest('a.ps-pc');
              if (card) { cards.add(card); }
              else { for (const n of r.addedNodes) { if (n.nodeType === 1) { n.querySelectorAll && n.querySelectorAll('a.ps-pc').forEach(c => cards.add(c)); if (n.matches && n.matches('a.ps-pc')) cards.add(n); } } }
            }
            for (const card of cards) {
              const slug = card.dataset.printer;
              const layer = read(card);
              if (layer !== null && seen.get(slug) !== layer) { seen.set(slug, layer); notes.push([slug, layer, at]); }
            }
          }).observe(root, { subtree: true, childList: true, characterData: true, attributes: false });
        }
        """;

    public static Task InstallAsync(IPage page) => page.EvaluateAsync(Install);

    public static async Task<IReadOnlyList<DomSighting>> DrainAsync(IPage page, int pageNumber)
    {
        var notes = await page.EvaluateAsync<JsonElement>("() => window.__psProbe ? window.__psProbe.splice(0) : []");
        var sightings = new List<DomSighting>(notes.GetArrayLength());
        foreach (var note in notes.EnumerateArray())
        {
            sightings.Add(new DomSighting(pageNumber, note[0].GetString()!, note[1].GetInt32(), note[2].GetDouble()));
        }

        return sightings;
    }
}

using Microsoft.Playwright;

namespace PrintStash.E2E.Infrastructure;

/// <summary>Screenshots for the README and for people to look at, written to docs/screenshots/ (always overwritten).</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PrintStash.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"PrintStash.sln not found above {AppContext.BaseDirectory}.");
        }

        var folder = Path.Combine(directory.FullName, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder.Value, name + ".png");
        // Web fonts (the Material Symbols icon font above all) must be in before the picture is taken.
        await page.EvaluateAsync("() => document.fonts.ready");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = path,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
        });
        return path;
    }
}

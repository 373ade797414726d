using PrintStash.Printers.Catalog;

namespace PrintStash.Printers.Tests.Catalog;

public sealed class PrinterSlugsTests
{
    [Theory]
    [InlineData("Voron 2.4", "voron-2-4")]
    [InlineData("Prusa MK4 — Küche", "prusa-mk4-kuche")]
    [InlineData("  --Ender__3 ", "ender-3")]
    [InlineData("打印机", "printer")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    public void Slug_is_lower_case_ascii_with_single_dashes(string name, string slug) =>
        Assert.Equal(slug, PrinterSlugs.FromName(name));

    [Fact]
    public void Long_names_are_cut_so_a_suffix_still_fits()
    {
        var slug = PrinterSlugs.FromName(new string('a', 300));
        Assert.True(slug.Length <= PrinterSlugs.MaxLength - 4);
        Assert.Equal(slug + "-2", PrinterSlugs.Unique(slug, new HashSet<string> { slug }));
    }

    [Fact]
    public void Unique_skips_every_taken_suffix()
    {
        Assert.Equal("mk4-4", PrinterSlugs.Unique("mk4", new HashSet<string> { "mk4", "mk4-2", "mk4-3" }));
    }
}

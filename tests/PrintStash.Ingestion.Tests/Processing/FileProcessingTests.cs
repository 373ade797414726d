using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Ingestion.Imaging;
using PrintStash.Ingestion.Storage;
using PrintStash.Ingestion.Tests.TestSupport;

namespace PrintStash.Ingestion.Tests.Processing;

/// <summary>The after-commit steps on real slicer files: what a user sees once a file is in the vault.</summary>
public sealed class FileProcessingTests
{
    private static async Task<VaultFile> IngestAndProcessAsync(VaultHarness vault, string corpusFile, byte[]? content = null)
    {
        var result = await vault.PersistAsync(content ?? Corpus.Bytes(corpusFile), corpusFile);
        await vault.ProcessPendingAsync();
        await using var context = vault.CreateContext();
        return await context.Files.SingleAsync(f => f.Id == result.FileId);
    }

    [Fact]
    public async Task GCode_with_embedded_png_gets_its_thumbnail_and_print_facts()
    {
        await using var vault = await VaultHarness.CreateAsync();

        var file = await IngestAndProcessAsync(vault, "ps25gui_cube_text_pla020_png.gcode");

        Assert.Equal(ProcessingState.Done, file.MetadataState);
        Assert.Equal(ProcessingState.Done, file.ThumbnailState);
        var png = await File.ReadAllBytesAsync(vault.Get<BlobStore>().PathOf(file.ThumbnailHash!));
        Assert.True(PngInfo.TryReadSize(png, out var width, out var height));
        Assert.Equal((400, 300), (width, height));
        Assert.Equal("PLA", file.FilamentType);
        Assert.True(file.EstimatedSeconds > 0);
        Assert.Contains("PrusaSlicer", file.Slicer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"estimatedTime\"", file.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GCode_without_preview_is_not_marked_as_failed()
    {
        await using var vault = await VaultHarness.CreateAsync();

        var file = await IngestAndProcessAsync(vault, "ps25_bracket_pla020.gcode");

        Assert.Equal(ProcessingState.Done, file.MetadataState);
        Assert.Equal(ProcessingState.NotApplicable, file.ThumbnailState);
        Assert.Null(file.ThumbnailHash);
    }

    [Theory]
    [InlineData("bracket.stl")]
    [InlineData("ps25_gear.obj")]
    public async Task Mesh_gets_a_rendered_thumbnail_in_two_sizes(string name)
    {
        await using var vault = await VaultHarness.CreateAsync();

        var file = await IngestAndProcessAsync(vault, name);

        Assert.Equal(ProcessingState.Done, file.ThumbnailState);
        var blobs = vault.Get<BlobStore>();
        Assert.True(PngInfo.TryReadSize(await File.ReadAllBytesAsync(blobs.PathOf(file.ThumbnailHash!)), out var large, out _));
        Assert.True(PngInfo.TryReadSize(await File.ReadAllBytesAsync(blobs.PathOf(file.SmallThumbnailHash!)), out var small, out _));
        Assert.Equal(512, large);
        Assert.True(small < large);
        Assert.Contains("\"triangleCount\"", file.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Project_3mf_uses_its_embedded_preview()
    {
        await using var vault = await VaultHarness.CreateAsync();

        var file = await IngestAndProcessAsync(vault, "ps25gui_boat_hull_project.3mf");

        Assert.Equal(ProcessingState.Done, file.ThumbnailState);
        Assert.Equal(ProcessingState.Done, file.MetadataState);
    }

    [Fact]
    public async Task Garbage_mesh_is_kept_and_marked_with_the_reason()
    {
        await using var vault = await VaultHarness.CreateAsync();
        var garbage = new byte[84 + 10];
        BitConverter.TryWriteBytes(garbage.AsSpan(80), 50_000_000);

        var file = await IngestAndProcessAsync(vault, "lying.stl", garbage);

        Assert.Equal(ProcessingState.Failed, file.ThumbnailState);
        Assert.StartsWith("metadata incomplete", file.ProcessingError, StringComparison.Ordinal);
        Assert.Contains("thumbnail failed", file.ProcessingError, StringComparison.Ordinal);
        Assert.True(vault.Get<BlobStore>().Exists(file.BlobHash));
    }
}

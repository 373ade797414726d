using Microsoft.EntityFrameworkCore;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;
using PrintStash.Ingestion.Libraries;
using PrintStash.Ingestion.Storage;

namespace PrintStash.Ingestion.Tests.Libraries;

public sealed class LibraryScannerTests
{
    [Fact]
    public async Task Scan_indexes_each_folder_as_one_model_and_root_files_as_their_own_models_without_copying()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("Benchy/benchy.stl", LibraryFixture.Stl("benchy"));
        lib.Write("Benchy/benchy_pla.gcode", LibraryFixture.GCode("benchy"));
        lib.Write("Benchy/readme.txt", "not printable");
        lib.Write("Tools/Clamp/clamp.stl", LibraryFixture.Stl("clamp"));
        lib.Write("loose.stl", LibraryFixture.Stl("loose"));
        lib.Write("other.3mf.part", "temp file of a copy in progress");
        var before = lib.Fingerprint();

        var report = await lib.ScanAsync();

        Assert.Equal(LibraryScanOutcome.Completed, report.Outcome);
        Assert.Equal(4, report.Added);
        Assert.Equal(before, lib.Fingerprint());
        await using var context = lib.Vault.CreateContext();
        var models = await context.Models.AsNoTracking().Where(m => m.LibraryVolumeId == lib.VolumeId).OrderBy(m => m.Name).ToListAsync();
        Assert.Equal(["Benchy", "Clamp", "loose"], models.Select(m => m.Name));
        var files = await lib.FilesAsync();
        Assert.Equal(["Benchy/benchy.stl", "Benchy/benchy_pla.gcode", "Tools/Clamp/clamp.stl", "loose.stl"], files.Select(f => f.LibraryPath));
        Assert.All(files, f => Assert.Equal(IngestOrigin.Library, f.Origin));
        Assert.Single(files, f => f.IsRecommended);
        Assert.Single(await context.Revisions.Where(r => r.ModelId == files[0].ModelId).ToListAsync());
        // Nothing was copied into the store: the bytes stay in the volume.
        Assert.Empty(lib.Vault.Get<BlobStore>().EnumerateHashes());
        Assert.Empty(Directory.EnumerateFiles(lib.Vault.Paths.ModelsRoot, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Rescan_of_an_unchanged_tree_changes_nothing()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        for (var i = 0; i < 20; i++)
        {
            lib.Write($"m{i % 4}/part{i}.stl", LibraryFixture.Stl("p" + i));
        }

        await lib.ScanAsync();
        var first = await lib.FilesAsync();

        var report = await lib.ScanAsync();

        Assert.Equal((20, 0, 0, 0, 0), (report.Seen, report.Added, report.Updated, report.Moved, report.Removed));
        Assert.Equal(first.Select(f => (f.Id, f.LibraryPath, f.BlobHash)), (await lib.FilesAsync()).Select(f => (f.Id, f.LibraryPath, f.BlobHash)));
    }

    [Fact]
    public async Task Scan_updates_a_file_whose_content_changed_and_queues_it_again()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var path = lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        await lib.ScanAsync();
        var before = Assert.Single(await lib.FilesAsync());

        File.WriteAllText(path, LibraryFixture.Stl("two-longer"));
        var report = await lib.ScanAsync();

        Assert.Equal(1, report.Updated);
        var after = Assert.Single(await lib.FilesAsync());
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.BlobHash, after.BlobHash);
        Assert.Equal(new FileInfo(path).Length, after.Size);
        Assert.Equal(ProcessingState.Pending, after.MetadataState);
    }

    [Fact]
    public async Task Scan_treats_same_content_at_a_new_path_as_a_move_keeping_the_row()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        lib.Write("b/other.stl", LibraryFixture.Stl("other"));
        await lib.ScanAsync();
        var before = (await lib.FilesAsync()).Single(f => f.LibraryPath == "a/part.stl");

        Directory.CreateDirectory(Path.Combine(lib.Root, "c"));
        File.Move(Path.Combine(lib.Root, "a/part.stl"), Path.Combine(lib.Root, "c/renamed.stl"));
        var report = await lib.ScanAsync();

        Assert.Equal((1, 0, 0), (report.Moved, report.Added, report.Removed));
        var after = (await lib.FilesAsync()).Single(f => f.Id == before.Id);
        Assert.Equal("c/renamed.stl", after.LibraryPath);
        Assert.Equal("renamed.stl", after.DisplayName);
        Assert.Null(after.MissingSince);
        await using var context = lib.Vault.CreateContext();
        Assert.Equal("c", (await context.Models.SingleAsync(m => m.Id == after.ModelId)).LibraryFolder);
        Assert.Equal(after.ModelId, (await context.Revisions.SingleAsync(r => r.Id == after.RevisionId)).ModelId);
    }

    [Fact]
    public async Task Scan_in_small_batches_adds_every_new_file_and_still_finds_the_move_among_them()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("old/part.stl", LibraryFixture.Stl("moved"));
        await lib.ScanAsync();
        var before = Assert.Single(await lib.FilesAsync());
        lib.Vault.Get<LibraryScanner>().AddBatchFiles = 2;
        for (var i = 0; i < 5; i++)
        {
            lib.Write($"f{i}/a.stl", LibraryFixture.Stl("a" + i));
            lib.Write($"f{i}/a much longer file name {i}.stl", LibraryFixture.Stl("long" + i));
            lib.Write($"f{i}/b_pla.gcode", LibraryFixture.GCode("b" + i));
        }

        Directory.CreateDirectory(Path.Combine(lib.Root, "f3/sub"));
        File.Move(Path.Combine(lib.Root, "old/part.stl"), Path.Combine(lib.Root, "f3/sub/part.stl"));
        var report = await lib.ScanAsync();

        Assert.Equal((LibraryScanOutcome.Completed, 15, 1, 0), (report.Outcome, report.Added, report.Moved, report.Removed));
        var files = await lib.FilesAsync();
        Assert.Equal(16, files.Count);
        Assert.Equal("f3/sub/part.stl", files.Single(f => f.Id == before.Id).LibraryPath);
        // Rows of one batch are written in key order through one prepared statement: every value is its own, none cut to the first row's length.
        Assert.All(files, f => Assert.Equal(Path.GetFileName(f.LibraryPath), f.DisplayName));
        Assert.Equal(5, files.Count(f => f.Kind == "GCode"));
        await using var context = lib.Vault.CreateContext();
        var models = (await context.Models.AsNoTracking().Where(m => m.LibraryVolumeId == lib.VolumeId).ToListAsync()).Where(m => m.LibraryFolder!.StartsWith('f')).ToList();
        Assert.Equal(["f0", "f1", "f2", "f3", "f3/sub", "f4"], models.Select(m => m.LibraryFolder).Order(StringComparer.Ordinal));
        Assert.All(models.Where(m => !m.LibraryFolder!.Contains('/')), m =>
            Assert.Single(files, f => f.ModelId == m.Id && f.IsRecommended));
    }

    [Fact]
    public async Task Scan_of_the_root_files_only_reads_no_folder_and_leaves_folder_files_alone()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("loose.stl", LibraryFixture.Stl("loose"));
        lib.Write("gone.stl", LibraryFixture.Stl("gone"));
        for (var i = 0; i < 6; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("m" + i));
        }

        await lib.ScanAsync();
        File.Delete(Path.Combine(lib.Root, "gone.stl"));
        File.Delete(Path.Combine(lib.Root, "m0/part.stl"));
        lib.Write("m1/new.stl", LibraryFixture.Stl("new in a folder"));
        lib.Write("dropped.stl", LibraryFixture.Stl("dropped"));

        var report = await lib.ScanAsync(LibraryScope.RootFilesOnly);

        Assert.Equal((LibraryScanOutcome.Completed, 2, 1, 1), (report.Outcome, report.Seen, report.Added, report.Removed));
        var files = await lib.FilesAsync();
        Assert.Contains(files, f => f.LibraryPath == "dropped.stl" && f.MissingSince is null);
        Assert.NotNull(files.Single(f => f.LibraryPath == "gone.stl").MissingSince);
        // Folders are another scope's business: nothing under them was read, added or marked missing.
        Assert.Null(files.Single(f => f.LibraryPath == "m0/part.stl").MissingSince);
        Assert.DoesNotContain(files, f => f.LibraryPath == "m1/new.stl");
        await using var context = lib.Vault.CreateContext();
        Assert.Equal("files in the root", (await context.LibraryScanRuns.OrderByDescending(r => r.StartedAt).FirstAsync()).Scope);
    }

    [Fact]
    public async Task Root_files_scan_of_an_emptied_root_asks_for_review_and_marks_nothing()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("loose.stl", LibraryFixture.Stl("loose"));
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        await lib.ScanAsync();
        File.Delete(Path.Combine(lib.Root, "loose.stl"));
        Directory.Delete(Path.Combine(lib.Root, "a"), recursive: true);

        // A watcher hint for the root's files while the share is gone must not quietly mark the root's files missing.
        var report = await lib.ScanAsync(LibraryScope.RootFilesOnly);

        Assert.Equal(LibraryScanOutcome.NeedsReview, report.Outcome);
        Assert.Contains("root is empty", report.Message);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));
    }

    [Fact]
    public void Root_files_scope_merges_with_folders_and_yields_to_the_whole_root()
    {
        var rootFiles = LibraryScope.FromHints([LibraryScope.RootFilesHint]);
        Assert.False(rootFiles.IsRoot);
        Assert.True(rootFiles.Covers("loose.stl"));
        Assert.False(rootFiles.Covers("a/part.stl"));

        var merged = rootFiles.Merge(new LibraryScope(["a", "a/b"]));
        Assert.Equal((false, true), (merged.IsRoot, merged.RootFiles));
        Assert.Equal(["a"], merged.Folders);
        Assert.True(merged.Covers("a/b/part.stl") && merged.Covers("loose.stl") && !merged.Covers("c/part.stl"));
        Assert.Equal("files in the root, a", merged.Describe());
        Assert.True(merged.Merge(LibraryScope.Root).IsRoot);
        Assert.True(LibraryScope.FromHints(["", LibraryScope.RootFilesHint, "a"]).IsRoot);
        Assert.True(LibraryScope.FromHints(["a"]) is { IsRoot: false, RootFiles: false });
    }

    [Fact]
    public async Task Scan_marks_a_deleted_file_missing_then_trashes_it_after_the_grace_period()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        for (var i = 0; i < 40; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("p" + i));
        }

        await lib.ScanAsync();
        File.Delete(Path.Combine(lib.Root, "m7/part.stl"));

        var report = await lib.ScanAsync();

        Assert.Equal(1, report.Removed);
        var missing = (await lib.FilesAsync()).Single(f => f.LibraryPath == "m7/part.stl");
        Assert.NotNull(missing.MissingSince);
        Assert.Null(missing.DeletedAt);

        lib.Vault.Time.Advance(TimeSpan.FromHours(LibraryVolume.DefaultMissingGraceHours + 1));
        await lib.ScanAsync();

        var trashed = (await lib.FilesAsync()).Single(f => f.LibraryPath == "m7/part.stl");
        Assert.NotNull(trashed.DeletedAt);
        await using var context = lib.Vault.CreateContext();
        Assert.NotNull((await context.Models.SingleAsync(m => m.Id == trashed.ModelId)).DeletedAt);
        Assert.Equal(39, await context.Files.Live().CountAsync());
    }

    [Fact]
    public async Task Scan_clears_the_missing_mark_when_a_file_comes_back()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        for (var i = 0; i < 40; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("p" + i));
        }

        await lib.ScanAsync();
        var path = Path.Combine(lib.Root, "m3/part.stl");
        var aside = path + ".aside";
        File.Move(path, aside);
        await lib.ScanAsync();
        File.Move(aside, path);

        await lib.ScanAsync();

        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));
    }

    [Fact]
    public async Task Scan_aborts_when_the_root_is_deleted_and_removes_nothing()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        await lib.ScanAsync();
        Directory.Delete(lib.Root, recursive: true);

        var report = await lib.ScanAsync();

        Assert.Equal(LibraryScanOutcome.Aborted, report.Outcome);
        Assert.StartsWith("aborted: the root", report.Message);
        Assert.Contains("missing", report.Message);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));
    }

    [Fact]
    public async Task Scan_aborts_when_the_root_is_renamed_and_when_it_is_a_file()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        await lib.ScanAsync();
        Directory.Move(lib.Root, lib.Root + "-renamed");

        var renamed = await lib.ScanAsync();
        File.WriteAllText(lib.Root, "a file where the folder was");
        var file = await lib.ScanAsync();

        Assert.Equal(LibraryScanOutcome.Aborted, renamed.Outcome);
        Assert.Equal(LibraryScanOutcome.Aborted, file.Outcome);
        Assert.Contains("not a folder", file.Message);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));
        File.Delete(lib.Root);
        Directory.Move(lib.Root + "-renamed", lib.Root);
    }

    [Fact]
    public async Task Scan_of_an_emptied_root_asks_for_review_and_removes_nothing_until_confirmed()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        lib.Write("b/part.stl", LibraryFixture.Stl("two"));
        await lib.ScanAsync();
        foreach (var dir in Directory.GetDirectories(lib.Root))
        {
            Directory.Delete(dir, recursive: true);
        }

        var report = await lib.ScanAsync();

        Assert.Equal(LibraryScanOutcome.NeedsReview, report.Outcome);
        Assert.Contains("root is empty", report.Message);
        Assert.Equal(["a/part.stl", "b/part.stl"], report.PendingRemovals);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));

        var confirmed = await lib.ScanAsync(confirmed: true);

        Assert.Equal(LibraryScanOutcome.Completed, confirmed.Outcome);
        Assert.All(await lib.FilesAsync(), f => Assert.NotNull(f.MissingSince));
    }

    [Fact]
    public async Task Scan_holds_removals_for_review_when_ten_percent_vanish_at_once()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        for (var i = 0; i < 100; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("p" + i));
        }

        await lib.ScanAsync();
        for (var i = 0; i < 10; i++)
        {
            Directory.Delete(Path.Combine(lib.Root, $"m{i}"), recursive: true);
        }

        var report = await lib.ScanAsync();

        Assert.Equal(LibraryScanOutcome.NeedsReview, report.Outcome);
        Assert.Contains("10 of 100", report.Message);
        Assert.Equal(10, report.PendingRemovals.Count);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));
        await using (var context = lib.Vault.CreateContext())
        {
            var run = await context.LibraryScanRuns.SingleAsync(r => r.Id == report.RunId);
            Assert.Equal(LibraryScanOutcome.NeedsReview, run.Outcome);
            Assert.Equal(10, run.PendingRemovals!.Split('\n').Length);
        }

        var confirmed = await lib.ScanAsync(confirmed: true);

        Assert.Equal(10, confirmed.Removed);
        Assert.Equal(10, (await lib.FilesAsync()).Count(f => f.MissingSince is not null));
    }

    [Fact]
    public async Task Scan_aborts_when_the_tmpfs_root_is_unmounted_and_when_another_filesystem_is_mounted_there()
    {
        await using var lib = await LibraryFixture.CreateAsync(tmpfs: true);
        for (var i = 0; i < 30; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("p" + i));
        }

        var first = await lib.ScanAsync();
        Assert.Equal(30, first.Added);
        Assert.NotNull((await lib.VolumeAsync()).DeviceId);

        lib.Unmount();
        var gone = await lib.ScanAsync();

        Assert.NotEqual(LibraryScanOutcome.Completed, gone.Outcome);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));

        // Another share mounted at the same path, holding the same names: the identity guard stops it.
        lib.Mount("other-share");
        for (var i = 0; i < 30; i++)
        {
            lib.Write($"m{i}/part.stl", LibraryFixture.Stl("p" + i));
        }

        var other = await lib.ScanAsync();

        Assert.Equal(LibraryScanOutcome.Aborted, other.Outcome);
        Assert.Contains("filesystem under the root changed", other.Message);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));
    }

    [Fact]
    public async Task Scan_aborts_when_the_marker_file_is_missing()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        lib.Write(".printstash-volume", "nas");
        var volume = await lib.VolumeAsync();
        var update = await lib.Vault.Get<LibraryVolumeService>().UpdateAsync(lib.VolumeId,
            new LibraryVolumeInput(volume.Name, volume.RootPath, Schedule: null, MarkerFile: ".printstash-volume"), lib.Vault.Actor, CancellationToken.None);
        Assert.True(update.Succeeded);
        await lib.ScanAsync();
        File.Delete(Path.Combine(lib.Root, ".printstash-volume"));
        File.Delete(Path.Combine(lib.Root, "a/part.stl"));

        var report = await lib.ScanAsync();

        Assert.Equal(LibraryScanOutcome.Aborted, report.Outcome);
        Assert.Contains("marker file", report.Message);
        Assert.All(await lib.FilesAsync(), f => Assert.Null(f.MissingSince));
    }

    [Fact]
    public async Task Scan_does_not_follow_symlink_loops()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        Directory.CreateSymbolicLink(Path.Combine(lib.Root, "a/loop"), lib.Root);
        Directory.CreateSymbolicLink(Path.Combine(lib.Root, "self"), Path.Combine(lib.Root, "self"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var report = await lib.Vault.Get<LibraryScanner>().ScanLibraryAsync(await lib.VolumeAsync(), LibraryScope.Root,
            new ScanOptions(LibraryScanTrigger.Manual, lib.Vault.Actor) { QueueProcessing = false }, null, timeout.Token);

        Assert.Equal(LibraryScanOutcome.Completed, report.Outcome);
        Assert.Equal(["a/part.stl"], (await lib.FilesAsync()).Select(f => f.LibraryPath));
    }

    [Fact]
    public async Task Scan_indexes_nfd_and_deeply_nested_names_and_reports_names_that_are_not_utf8()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        var nfd = "Cafe\u0301";
        lib.Write($"{nfd}/te\u0301te.stl", LibraryFixture.Stl("nfd"));
        var deep = string.Join('/', Enumerable.Range(0, 120).Select(i => $"level{i:000}"));
        lib.Write(deep + "/deep.stl", LibraryFixture.Stl("deep"));
        LibraryFixture.Run("bash", "-c", $"mkdir -p '{lib.Root}/bad' && printf 'solid x\\nendsolid x\\n' > '{lib.Root}/bad/'$'\\xff\\xfe''.stl'");

        var report = await lib.ScanAsync();
        var again = await lib.ScanAsync();

        var files = await lib.FilesAsync();
        Assert.Equal(2, files.Count);
        var accented = files.Single(f => f.LibraryPath!.StartsWith(nfd, StringComparison.Ordinal));
        Assert.Equal("t\u00e9te.stl", accented.DisplayName); // Shown in NFC, found on disk under its NFD name.
        Assert.Contains(files, f => f.LibraryPath == deep + "/deep.stl");
        Assert.Contains(report.Problems, p => p.Contains("not valid UTF-8"));
        Assert.Equal((0, 0, 0), (again.Added, again.Removed, again.Moved));
    }

    [Fact]
    public void Hasher_refuses_a_file_that_changed_since_it_was_walked()
    {
        var path = Path.Combine(Path.GetTempPath(), "printstash-growing-" + Guid.NewGuid().ToString("N") + ".stl");
        File.WriteAllText(path, "solid a\n");
        try
        {
            var walked = new FileInfo(path);
            var (size, ticks) = (walked.Length, walked.LastWriteTimeUtc.Ticks);
            File.AppendAllText(path, "more bytes arrived\n");

            var outcome = ContentHasher.Hash(path, size, ticks, CancellationToken.None);

            Assert.True(outcome.Unstable);
            Assert.Null(outcome.Hash);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Scan_leaves_a_file_that_is_still_being_written_for_a_later_scan()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/done.stl", LibraryFixture.Stl("done"));
        var growing = lib.Write("a/growing.stl", LibraryFixture.Stl("growing"));
        var scanner = lib.Vault.Get<LibraryScanner>();
        var volume = await lib.VolumeAsync();
        // The writer appends between the walk (which records size and time) and the hash.
        scanner.BeforeHash = path =>
        {
            if (path.EndsWith("growing.stl", StringComparison.Ordinal))
            {
                File.AppendAllText(growing, "facet more\n");
            }
        };

        var report = await scanner.ScanLibraryAsync(volume, LibraryScope.Root, new ScanOptions(LibraryScanTrigger.Manual, lib.Vault.Actor) { QueueProcessing = false }, null, CancellationToken.None);

        Assert.Equal(["a/done.stl"], (await lib.FilesAsync()).Select(f => f.LibraryPath));
        Assert.Equal(["a"], report.ChangingFolders);
        scanner.BeforeHash = null;
        await lib.ScanAsync();
        var indexed = (await lib.FilesAsync()).Single(f => f.LibraryPath == "a/growing.stl");
        Assert.Equal(new FileInfo(growing).Length, indexed.Size);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Walk_reports_a_folder_it_cannot_read_and_the_scan_keeps_its_files()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("open/a.stl", LibraryFixture.Stl("a"));
        lib.Write("locked/b.stl", LibraryFixture.Stl("b"));
        await lib.ScanAsync();
        lib.Write("open/c.stl", LibraryFixture.Stl("c"));
        var locked = Path.Combine(lib.Root, "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            // One walker thread: capabilities are per thread, and only the calling thread runs without them.
            var walk = Unprivileged.Run(() => TreeWalker.Walk(lib.Root, [string.Empty], new LibraryFilter(null, null), null, CancellationToken.None, workers: 1));

            Assert.Equal(["open/a.stl", "open/c.stl"], walk.Files.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
            Assert.Equal(["locked"], walk.UnreadableFolders);
            Assert.Contains(walk.Problems, p => p.StartsWith("locked: cannot be read (permission denied)", StringComparison.Ordinal));

            await using var context = lib.Vault.CreateContext();
            var index = await LibraryIndexSnapshot.LoadAsync(context, lib.VolumeId, CancellationToken.None);
            var diff = LibraryDiff.Compute(index, walk, LibraryScope.Root);
            Assert.Empty(diff.Vanished); // locked/b.stl is unknown this time, not gone.
            Assert.Equal(["open/c.stl"], diff.ToHash.Select(f => f.RelativePath));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_file_put_in_the_trash_is_not_added_again_by_the_next_scan()
    {
        await using var lib = await LibraryFixture.CreateAsync();
        lib.Write("a/part.stl", LibraryFixture.Stl("one"));
        lib.Write("a/other.stl", LibraryFixture.Stl("two"));
        await lib.ScanAsync();
        var file = (await lib.FilesAsync()).First();
        await using (var context = lib.Vault.CreateContext())
        {
            await context.Files.Where(f => f.Id == file.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.DeletedAt, lib.Vault.Time.GetUtcNow().UtcDateTime));
        }

        var report = await lib.ScanAsync();

        Assert.Equal((0, 0), (report.Added, report.Removed));
    }
}

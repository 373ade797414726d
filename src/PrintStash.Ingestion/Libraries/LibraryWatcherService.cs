using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrintStash.Domain.Audit;
using PrintStash.Domain.Entities;
using PrintStash.Domain.Persistence;

namespace PrintStash.Ingestion.Libraries;

/// <summary>
/// One FileSystemWatcher per eligible volume. Events are hints: they name a folder that may have changed; folders are
/// debounced and handed to the one scan function, restricted to them. Overflow or an error restarts the watcher and
/// rescans the root. A watcher that cannot start is isolated: logged, shown as failed, and the schedule takes over.
/// PrintStash never writes into a volume, so there are no own writes to filter out.
/// </summary>
public sealed class LibraryWatcherService(
    LibraryVolumeService volumes,
    LibraryScanCoordinator coordinator,
    LibraryChangeSignal signal,
    DatabaseReadiness readiness,
    IOptions<LibraryOptions> options,
    TimeProvider time,
    ILogger<LibraryWatcherService> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RestartBackoff = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, VolumeWatch> watches = new();
    private readonly ConcurrentDictionary<Guid, WatcherState> states = new();

    public string MountInfoPath { get; init; } = MountTable.DefaultPath;

    /// <summary>Raised (on a worker thread) when a volume's watcher state changes, so open pages show it at once.</summary>
    public event Action? StatesChanged;

    public WatcherState StateOf(Guid volumeId) =>
        states.GetValueOrDefault(volumeId) ?? new WatcherState(WatcherStatus.Off, "not started yet", null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        var reconcileEvery = TimeSpan.FromSeconds(Math.Max(1, options.Value.WatchReconcileSeconds));
        var nextReconcile = DateTimeOffset.MinValue;
        var reconcileRequested = ListenForChanges(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() >= nextReconcile || reconcileRequested.IsCompleted)
                {
                    if (reconcileRequested.IsCompleted)
                    {
                        reconcileRequested = ListenForChanges(stoppingToken);
                    }

                    await ReconcileSafelyAsync(stoppingToken);
                    nextReconcile = time.GetUtcNow() + reconcileEvery;
                }

                await FlushAsync();
                await Task.Delay(FlushInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            foreach (var watch in watches.Values)
            {
                watch.Dispose();
            }

            watches.Clear();
        }
    }

    private Task ListenForChanges(CancellationToken cancellationToken) =>
        signal.WaitAsync(TimeSpan.FromDays(1), time, cancellationToken);

    private async Task ReconcileSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not reconcile library watchers; retrying at the next tick");
        }
    }

    /// <summary>Starts watchers for eligible volumes, stops the rest, restarts failed or changed ones.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var list = await volumes.ListAsync(cancellationToken);
        foreach (var stale in watches.Keys.Union(states.Keys).Except(list.Select(v => v.Id)).ToList())
        {
            Stop(stale);
            states.TryRemove(stale, out _);
        }

        foreach (var volume in list)
        {
            var mount = MountTable.Find(volume.RootPath, MountInfoPath);
            var fileSystem = mount?.Kind;
            var reason = volume switch
            {
                { Enabled: false } => "library disabled",
                { WatchMode: LibraryWatchMode.Never } => "watch mode is Never; the schedule keeps it current",
                { WatchMode: LibraryWatchMode.Auto } when mount is { IsNetwork: true } =>
                    $"network share ({mount.FileSystemType}): changes made on other machines raise no events; the schedule keeps it current",
                _ => null,
            };
            if (reason is not null)
            {
                Stop(volume.Id);
                SetState(volume.Id, new WatcherState(WatcherStatus.Off, reason, fileSystem));
                continue;
            }

            if (watches.TryGetValue(volume.Id, out var existing))
            {
                if (existing.Root == volume.RootPath && !existing.NeedsRestart)
                {
                    continue;
                }

                if (existing.NeedsRestart && time.GetUtcNow() - existing.FailedAt < RestartBackoff)
                {
                    continue;
                }

                var restart = existing.NeedsRestart;
                Stop(volume.Id);
                if (restart)
                {
                    // Events were lost: only a scan of the whole root can tell what changed.
                    await coordinator.RequestAsync(volume.Id, LibraryScope.Root, LibraryScanTrigger.Watcher, AuditActor.System);
                }
            }

            Start(volume, fileSystem);
        }
    }

    private void Start(LibraryVolume volume, string? fileSystem)
    {
        try
        {
            var watch = new VolumeWatch(volume, TimeSpan.FromMilliseconds(Math.Max(0, options.Value.WatchDebounceMilliseconds)), time, logger);
            watches[volume.Id] = watch;
            SetState(volume.Id, new WatcherState(WatcherStatus.Watching, "watching for changes", fileSystem));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException or InvalidOperationException)
        {
            logger.LogWarning("The watcher of library {Volume} could not start ({Reason}); its schedule keeps it current", volume.Name, ex.Message);
            SetState(volume.Id, new WatcherState(WatcherStatus.Failed, $"could not watch: {ex.Message}; the schedule keeps it current", fileSystem));
        }
    }

    private void SetState(Guid volumeId, WatcherState state)
    {
        var previous = states.GetValueOrDefault(volumeId);
        states[volumeId] = state;
        if (previous != state)
        {
            StatesChanged?.Invoke();
        }
    }

    private void Stop(Guid volumeId)
    {
        if (watches.TryRemove(volumeId, out var watch))
        {
            watch.Dispose();
        }
    }

    /// <summary>Hands quiet folders to the coordinator; a watcher that reported an error is marked for restart.</summary>
    public async Task FlushAsync()
    {
        foreach (var (volumeId, watch) in watches)
        {
            if (watch.NeedsRestart && states.TryGetValue(volumeId, out var state) && state.Status == WatcherStatus.Watching)
            {
                SetState(volumeId, state with { Status = WatcherStatus.Failed, Detail = $"watcher error ({watch.LastError}); restarting and rescanning" });
                signal.Raise();
            }

            var folders = watch.Debouncer.TakeQuiet();
            if (folders.Count == 0)
            {
                continue;
            }

            var scope = LibraryScope.FromHints(folders);
            try
            {
                await coordinator.RequestAsync(volumeId, scope, LibraryScanTrigger.Watcher, AuditActor.System);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not start a watcher scan of {Volume}", watch.Name);
            }
        }
    }

    private sealed class VolumeWatch : IDisposable
    {
        private readonly FileSystemWatcher watcher;
        private readonly LibraryFilter filter;
        private readonly TimeProvider time;
        private readonly ILogger logger;

        public VolumeWatch(LibraryVolume volume, TimeSpan debounce, TimeProvider time, ILogger logger)
        {
            Root = volume.RootPath;
            Name = volume.Name;
            this.time = time;
            this.logger = logger;
            filter = new LibraryFilter(volume.IncludeGlobs, volume.ExcludeGlobs);
            Debouncer = new FolderDebouncer(debounce, time);
            if (!Directory.Exists(Root))
            {
                throw new IOException($"the root {Root} is missing");
            }

            watcher = new FileSystemWatcher(Root)
            {
                IncludeSubdirectories = true,
                InternalBufferSize = 64 * 1024,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Created += OnChanged;
            watcher.Changed += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnRenamed;
            watcher.Error += OnError;
            watcher.EnableRaisingEvents = true;
        }

        public string Root { get; }

        public string Name { get; }

        public FolderDebouncer Debouncer { get; }

        public bool NeedsRestart { get; private set; }

        public DateTimeOffset FailedAt { get; private set; }

        public string? LastError { get; private set; }

        private void OnChanged(object sender, FileSystemEventArgs e) =>
            Hint(e.FullPath, isNewFolder: e.ChangeType == WatcherChangeTypes.Created && Directory.Exists(e.FullPath));

        private void OnRenamed(object sender, RenamedEventArgs e)
        {
            Hint(e.OldFullPath, isNewFolder: false);
            Hint(e.FullPath, isNewFolder: Directory.Exists(e.FullPath));
        }

        private void OnError(object sender, ErrorEventArgs e)
        {
            var error = e.GetException();
            LastError = error is InternalBufferOverflowException ? "too many changes at once" : error.Message;
            logger.LogWarning("Watcher of library {Volume}: {Reason}; restarting it and rescanning the root", Name, LastError);
            FailedAt = time.GetUtcNow();
            NeedsRestart = true;
            Debouncer.HintRoot();
        }

        // A new folder is scanned itself (recursively); anything else names its parent folder (the root: see below).
        private void Hint(string fullPath, bool isNewFolder)
        {
            if (!fullPath.StartsWith(Root, StringComparison.Ordinal))
            {
                return;
            }

            var relative = fullPath.Length > Root.Length ? fullPath[(Root.Length + 1)..] : string.Empty;
            var name = Path.GetFileName(relative);
            if (relative.Length == 0)
            {
                Debouncer.HintRoot();
                return;
            }

            // Temp files, system files and non-printable files never change the index (a temp file renamed to its final name raises its own event).
            var folder = LibraryLayout.ParentFolder(relative);
            if (!filter.WalkPath(folder) || !filter.WalkFolder(name, relative) || (File.Exists(fullPath) && !filter.IndexFile(name, relative)))
            {
                return;
            }

            if (isNewFolder || folder.Length > 0)
            {
                Debouncer.Hint(isNewFolder ? relative : folder);
                return;
            }

            // Directly in the root: the root's own files, not a walk of every folder. A name that is gone may have been a
            // folder, so it is scanned as one too (a missing folder is cheap to walk and marks its files missing).
            if (Directory.Exists(fullPath))
            {
                Debouncer.Hint(relative);
                return;
            }

            Debouncer.Hint(LibraryScope.RootFilesHint);
            if (!File.Exists(fullPath))
            {
                Debouncer.Hint(relative);
            }
        }

        public void Dispose()
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Iota.Engine.Python.Internal;

namespace Iota.Engine.Python;

/// <summary>
/// Runs Python rule libraries (iota style and panther-analysis style) in a pool of <c>python3</c> worker processes.
/// A rule that crashes or hangs its worker costs that batch one retry on a fresh worker; after that the batch's events
/// are reported as errors, never dropped, and the pool carries on.
/// </summary>
public sealed class PythonRuleHost : IAsyncDisposable
{
    /// <summary>The rule id on errors that belong to the worker or the batch rather than to one rule.</summary>
    public const string WorkerFailureRuleId = "python-worker";

    private readonly PythonRuleHostOptions _options;
    private readonly WorkerLaunch _launch;
    private readonly byte[] _loadRequest;

    // A slot per worker; null marks a slot whose worker died and is restarted by the next caller that takes it,
    // so a failed restart never shrinks the pool.
    private readonly Channel<PythonWorker?> _slots = Channel.CreateUnbounded<PythonWorker?>();
    private readonly ConcurrentDictionary<PythonWorker, byte> _live = new();
    private HashSet<string> _rulesWithTests = [];
    private long _nextBatchId;
    private int _disposed;

    private PythonRuleHost(PythonRuleHostOptions options, WorkerLaunch launch, byte[] loadRequest)
    {
        _options = options;
        _launch = launch;
        _loadRequest = loadRequest;
    }

    /// <summary>Every rule the library defines, enabled or not.</summary>
    public IReadOnlyList<RuleDescriptor> Rules { get; private set; } = [];

    /// <summary>One entry per file that could not be loaded; every other file still loaded.</summary>
    public IReadOnlyList<RuleLoadError> LoadErrors { get; private set; } = [];

    /// <summary>Starts the workers and loads the rule library into each of them.</summary>
    /// <exception cref="InvalidOperationException">Python cannot be started or the workers cannot load the library.</exception>
    public static async Task<PythonRuleHost> StartAsync(PythonRuleHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WorkerCount, 1);
        var workerDirectory = Path.GetFullPath(options.WorkerDirectory ?? Path.Combine(AppContext.BaseDirectory, "Python"));
        var script = Path.Combine(workerDirectory, "iota_worker.py");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"the Python worker script is missing from {workerDirectory}", script);
        }

        var cachePath = Path.GetFullPath(options.CacheDatabasePath ?? Path.Combine(Path.GetTempPath(), $"iota-python-cache-{Guid.NewGuid():N}.db"));
        Directory.CreateDirectory(Path.GetDirectoryName(cachePath)!);
        var (yamlFiles, yamlErrors) = RuleYamlFiles.Read(options.RuleDirectories);
        var launch = new WorkerLaunch(
            options.PythonExecutable,
            script,
            WorkerEnvironment.Build(workerDirectory, options.RuleDirectories),
            options.WorkerOutput);
        var host = new PythonRuleHost(options, launch, WorkerProtocol.LoadRequest(options.RuleDirectories, yamlFiles, cachePath))
        {
            TemporaryCacheDatabase = options.CacheDatabasePath is null ? cachePath : null,
        };
        try
        {
            var workers = await Task.WhenAll(Enumerable.Range(0, options.WorkerCount).Select(_ => host.StartWorkerAsync(cancellationToken)))
                .ConfigureAwait(false);
            using (var loaded = workers[0].Loaded)
            {
                var root = loaded.RootElement;
                host.Rules = [.. root.GetProperty("rules").EnumerateArray().Select(WorkerProtocol.ReadRule)];
                host.LoadErrors = [.. yamlErrors, .. root.GetProperty("errors").EnumerateArray().Select(WorkerProtocol.ReadLoadError)];
                host._rulesWithTests = [.. root.GetProperty("rules").EnumerateArray()
                    .Where(r => r.GetProperty("test_count").GetInt32() > 0)
                    .Select(r => r.GetProperty("id").GetString()!)];
            }

            foreach (var (worker, loaded) in workers.Skip(1))
            {
                loaded.Dispose();
                host._slots.Writer.TryWrite(worker);
            }

            host._slots.Writer.TryWrite(workers[0].Worker);
            return host;
        }
        catch (WorkerFailedException e)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Python workers could not load the rule library: {e.Message}", e);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs every enabled rule for each event's log type. Each event either gets its matches and rule errors, or (when
    /// its batch crashed or timed out twice) one <see cref="WorkerFailureRuleId"/> error.
    /// </summary>
    public async Task<PythonEvaluation> EvaluateAsync(
        IReadOnlyList<(ReadOnlyMemory<byte> EventUtf8, string LogType)> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var errors = new List<PythonRuleError>();
        var sentIndexes = new List<int>(events.Count);
        var sent = new List<(ReadOnlyMemory<byte>, string)>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            if (WorkerProtocol.IsJsonObject(events[i].EventUtf8.Span))
            {
                sentIndexes.Add(i);
                sent.Add(events[i]);
            }
            else
            {
                errors.Add(new PythonRuleError(i, new RuleError(WorkerFailureRuleId, "event is not a JSON object; no Python rule ran on it")));
            }
        }

        var matches = new List<PythonMatch>();
        if (sent.Count == 0)
        {
            return new PythonEvaluation(matches, errors);
        }

        var request = WorkerProtocol.EvaluateRequest(Interlocked.Increment(ref _nextBatchId), sent);
        var (response, failure) = await RequestWithRetryAsync(request, "evaluated", cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            errors.AddRange(sentIndexes.Select(i => new PythonRuleError(i, new RuleError(WorkerFailureRuleId, failure!))));
        }
        else
        {
            using (response)
            {
                var position = 0;
                foreach (var result in response.RootElement.GetProperty("results").EnumerateArray())
                {
                    var index = sentIndexes[position++];
                    matches.AddRange(result.GetProperty("matches").EnumerateArray().Select(m => WorkerProtocol.ReadMatch(index, m)));
                    errors.AddRange(result.GetProperty("errors").EnumerateArray().Select(e => new PythonRuleError(
                        index,
                        new RuleError(e.GetProperty("rule_id").GetString() is { Length: > 0 } id ? id : WorkerFailureRuleId, e.GetProperty("message").GetString()!))));
                }
            }
        }

        return new PythonEvaluation(matches, [.. errors.OrderBy(e => e.EventIndex)]);
    }

    /// <summary>
    /// Runs the <c>Tests:</c> of panther-style rules (with their <c>Mocks</c>), one rule per request so a rule that hangs
    /// only fails its own tests. Each case starts with empty caching state.
    /// </summary>
    /// <param name="ruleIds">Rules to test; null or empty means all.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<IReadOnlyList<RuleTestResult>> RunTestsAsync(
        IReadOnlyCollection<string>? ruleIds = null,
        CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var selected = _rulesWithTests
            .Where(id => ruleIds is null || ruleIds.Count == 0 || ruleIds.Contains(id))
            .Order(StringComparer.Ordinal);
        var perRule = await Task.WhenAll(selected.Select(id => RunRuleTestsAsync(id, cancellationToken))).ConfigureAwait(false);
        return [.. perRule.SelectMany(r => r)];
    }

    private async Task<IReadOnlyList<RuleTestResult>> RunRuleTestsAsync(string ruleId, CancellationToken cancellationToken)
    {
        var worker = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        var (response, failure) = await TryRequestAsync(worker, WorkerProtocol.TestRequest([ruleId]), "tested", cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            Retire(worker);
            ReleaseSlot(null);
            return
            [
                new RuleTestResult
                {
                    RuleId = ruleId,
                    TestName = "(all tests)",
                    Expected = true,
                    Matched = false,
                    Passed = false,
                    Error = failure,
                },
            ];
        }

        ReleaseSlot(worker);
        using (response)
        {
            return [.. response.RootElement.GetProperty("results").EnumerateArray().Select(WorkerProtocol.ReadTestResult)];
        }
    }

    /// <summary>One attempt on an idle worker, then one on a fresh one; the failure text names both causes.</summary>
    private async Task<(JsonDocument? Response, string? Failure)> RequestWithRetryAsync(byte[] request, string answer, CancellationToken cancellationToken)
    {
        var worker = await AcquireAsync(cancellationToken).ConfigureAwait(false);
        var (response, firstFailure) = await TryRequestAsync(worker, request, answer, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            ReleaseSlot(worker);
            return (response, null);
        }

        Retire(worker);
        PythonWorker fresh;
        try
        {
            fresh = await StartFreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WorkerFailedException e)
        {
            ReleaseSlot(null);
            return (null, $"{firstFailure}; no replacement worker could load the rules: {e.Message}");
        }
        catch
        {
            ReleaseSlot(null);
            throw;
        }

        var (retried, secondFailure) = await TryRequestAsync(fresh, request, answer, cancellationToken).ConfigureAwait(false);
        if (retried is not null)
        {
            ReleaseSlot(fresh);
            return (retried, null);
        }

        Retire(fresh);
        ReleaseSlot(null);
        return (null, $"batch failed on two workers: {firstFailure}; retry: {secondFailure}");
    }

    private async Task<(JsonDocument? Response, string? Failure)> TryRequestAsync(
        PythonWorker worker, byte[] request, string answer, CancellationToken cancellationToken)
    {
        JsonDocument? response = null;
        try
        {
            response = await worker.RequestAsync(request, _options.BatchTimeout, cancellationToken).ConfigureAwait(false);
            WorkerProtocol.Expect(response, answer);
            return (response, null);
        }
        catch (WorkerFailedException e)
        {
            response?.Dispose();
            return (null, e.Message);
        }
        catch (OperationCanceledException)
        {
            // The worker was killed to stop the request; its slot gets a new worker on next use.
            response?.Dispose();
            Retire(worker);
            ReleaseSlot(null);
            throw;
        }
    }

    private async Task<PythonWorker> AcquireAsync(CancellationToken cancellationToken)
    {
        PythonWorker? worker;
        try
        {
            worker = await _slots.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException("the Python rule host was disposed", e);
        }

        if (worker is not null)
        {
            return worker;
        }

        try
        {
            return await StartFreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReleaseSlot(null);
            throw;
        }
    }

    private async Task<PythonWorker> StartFreshAsync(CancellationToken cancellationToken)
    {
        var (worker, loaded) = await StartWorkerAsync(cancellationToken).ConfigureAwait(false);
        loaded.Dispose();
        return worker;
    }

    private async Task<(PythonWorker Worker, JsonDocument Loaded)> StartWorkerAsync(CancellationToken cancellationToken)
    {
        var worker = PythonWorker.Start(_launch);
        _live[worker] = 0;
        try
        {
            var loaded = await worker.RequestAsync(_loadRequest, _options.LoadTimeout, cancellationToken).ConfigureAwait(false);
            try
            {
                WorkerProtocol.Expect(loaded, "loaded");
            }
            catch
            {
                loaded.Dispose();
                throw;
            }

            return (worker, loaded);
        }
        catch
        {
            Retire(worker);
            throw;
        }
    }

    private void ReleaseSlot(PythonWorker? worker)
    {
        if (_disposed != 0 || !_slots.Writer.TryWrite(worker))
        {
            if (worker is not null)
            {
                Retire(worker);
            }
        }
    }

    private void Retire(PythonWorker worker)
    {
        _live.TryRemove(worker, out _);
        worker.Dispose();
    }

    /// <summary>The caching file this host made for itself (no <see cref="PythonRuleHostOptions.CacheDatabasePath"/>), deleted on dispose.</summary>
    internal string? TemporaryCacheDatabase { get; private init; }

    /// <summary>
    /// Sends each idle worker the shutdown frame, waits for it to exit, and kills whatever is left; then deletes the
    /// temporary caching file, if the host made one.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _slots.Writer.TryComplete();
        var shutdowns = new List<Task>();
        while (_slots.Reader.TryRead(out var worker))
        {
            if (worker is not null)
            {
                shutdowns.Add(worker.ShutdownAsync(_options.ShutdownGrace));
            }
        }

        await Task.WhenAll(shutdowns).ConfigureAwait(false);
        foreach (var worker in _live.Keys)
        {
            Retire(worker);
        }

        if (TemporaryCacheDatabase is { } cache)
        {
            // A leftover temporary file is harmless: its name is never used again.
            foreach (var file in (string[])[cache, cache + "-wal", cache + "-shm"])
            {
                FileSystemFailure.TryDelete(file);
            }
        }
    }
}

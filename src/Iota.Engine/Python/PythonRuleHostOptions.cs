namespace Iota.Engine.Python;

/// <summary>How a <see cref="PythonRuleHost"/> finds its rules, runs its workers and keeps rule state.</summary>
public sealed record PythonRuleHostOptions
{
    /// <summary>Folders of Python rules in either dialect; helper folders inside them are found automatically.</summary>
    public required IReadOnlyList<string> RuleDirectories { get; init; }

    /// <summary>
    /// SQLite file behind <c>panther_detection_helpers.caching</c>. Shared by every worker and kept across restarts,
    /// so it belongs in the engine's state directory. Null: a new temporary file that the host deletes when disposed,
    /// so the state lasts one run and no other run (say, a later process with the same id) sees it.
    /// </summary>
    public string? CacheDatabasePath { get; init; }

    /// <summary>How many worker processes evaluate batches in parallel.</summary>
    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>How long one batch (or one rule's tests) may run before its worker is killed and replaced.</summary>
    public TimeSpan BatchTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a worker may take to import the rule library.</summary>
    public TimeSpan LoadTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a worker gets to exit after the shutdown frame before it is killed.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The interpreter; a bare name is looked up on PATH.</summary>
    public string PythonExecutable { get; init; } = "python3";

    /// <summary>Folder holding <c>iota_worker.py</c> and its <c>compat</c> modules; defaults to the copy shipped beside this assembly.</summary>
    public string? WorkerDirectory { get; init; }

    /// <summary>Receives each line a worker writes to stderr (rule <c>print()</c> output, Python warnings).</summary>
    public Action<string>? WorkerOutput { get; init; }
}

using System.Globalization;

namespace Iota.Throughput;

/// <summary>
/// Samples a process from /proc while it runs: its own peak resident set (VmHWM, the kernel's high-water mark,
/// exact), the largest sum of VmRSS over it and its descendants seen at any sample (for Python workers), and
/// the CPU time of the tree. The caller takes a last sample when the process closes its output, just before
/// exit, so the tree figures can miss only the final moments.
/// </summary>
internal sealed class ProcessUsage : IDisposable
{
    private readonly int _pid;
    private readonly Timer _timer;
    private long _hwm;
    private long _treePeak;
    private readonly Dictionary<int, long> _cpuTicks = [];
    private readonly Lock _cpuLock = new();

    public ProcessUsage(int pid, TimeSpan interval)
    {
        _pid = pid;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, interval);
    }

    public long PeakRssBytes => Interlocked.Read(ref _hwm);

    public long PeakTreeRssBytes => Math.Max(Interlocked.Read(ref _treePeak), PeakRssBytes);

    /// <summary>User plus system CPU seconds of the process and every descendant seen, at their last sample.</summary>
    public double CpuSeconds
    {
        get
        {
            lock (_cpuLock)
            {
                return _cpuTicks.Values.Sum() / 100.0; // USER_HZ is 100 on Linux
            }
        }
    }

    /// <summary>Takes a sample now; call just before the process is reaped (e.g. when its output closes).</summary>
    public void Sample()
    {
        long hwm = ReadStatusKilobytes(_pid, "VmHWM:") * 1024;
        if (hwm > 0)
        {
            InterlockedMax(ref _hwm, hwm);
        }

        long tree = 0;
        foreach (int pid in Tree(_pid))
        {
            tree += ReadStatusKilobytes(pid, "VmRSS:") * 1024;
            long ticks = ReadCpuTicks(pid);
            if (ticks > 0)
            {
                lock (_cpuLock)
                {
                    _cpuTicks[pid] = Math.Max(ticks, _cpuTicks.GetValueOrDefault(pid));
                }
            }
        }

        InterlockedMax(ref _treePeak, tree);
    }

    public void Dispose() => _timer.Dispose();

    private static IEnumerable<int> Tree(int root)
    {
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            yield return pid;
            string tasks = $"/proc/{pid}/task";
            if (!Directory.Exists(tasks))
            {
                continue;
            }

            IEnumerable<string> children;
            try
            {
                children = Directory.GetDirectories(tasks)
                    .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .ToArray();
            }
            catch (IOException)
            {
                continue; // the process or one of its threads exited while we looked
            }

            foreach (string child in children)
            {
                pending.Push(int.Parse(child, CultureInfo.InvariantCulture));
            }
        }
    }

    private static long ReadStatusKilobytes(int pid, string key)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // exited between samples
        }

        return 0;
    }

    /// <summary>utime + stime from /proc/PID/stat (fields 14 and 15, counted after the parenthesised name).</summary>
    private static long ReadCpuTicks(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

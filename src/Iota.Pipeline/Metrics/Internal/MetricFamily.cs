namespace Iota.Pipeline.Metrics.Internal;

/// <summary>
/// Everything exposed under one metric name: its HELP and TYPE lines and its series. Instruments of the
/// same name on different meters (the engine and the pipeline both own a meter named "Iota") feed one family.
/// </summary>
internal abstract class MetricFamily
{
    protected MetricFamily(string name, string? help, string type)
    {
        Name = name;
        Help = help;
        Type = type;
    }

    public string Name { get; }

    public string? Help { get; }

    /// <summary>The Prometheus TYPE: counter, gauge or histogram.</summary>
    public string Type { get; }

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before observable instruments report, so families can tell fresh values from stale ones.</summary>
    public virtual void BeginScrape(long scrape)
    {
    }

    public abstract void WriteTo(TextWriter writer, long scrape);

    protected void WriteHeader(TextWriter writer)
    {
        if (!string.IsNullOrEmpty(Help))
        {
            writer.Write("# HELP ");
            writer.Write(Name);
            writer.Write(' ');
            writer.Write(ExpositionFormat.EscapeHelp(Help));
            writer.Write('\n');
        }

        writer.Write("# TYPE ");
        writer.Write(Name);
        writer.Write(' ');
        writer.Write(Type);
        writer.Write('\n');
    }

    protected static void WriteSample(TextWriter writer, string name, string labels, double value)
    {
        writer.Write(name);
        if (labels.Length > 0)
        {
            writer.Write('{');
            writer.Write(labels);
            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(ExpositionFormat.FormatValue(value));
        writer.Write('\n');
    }
}

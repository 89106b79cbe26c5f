using System.Globalization;
using System.Text;

namespace Iota.Pipeline.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, so tests check what a scraper would see rather
/// than substrings of the output.
/// </summary>
internal sealed class ExpositionText
{
    public List<(string Metric, string Text)> Help { get; } = [];

    public List<(string Metric, string Type)> Types { get; } = [];

    public List<Sample> Samples { get; } = [];

    public static ExpositionText Parse(string text)
    {
        Assert.DoesNotContain("\r", text);
        var parsed = new ExpositionText();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                parsed.Help.Add((rest[..space], Unescape(rest[(space + 1)..])));
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                parsed.Types.Add((parts[2], parts[3]));
            }
            else
            {
                Assert.False(line.StartsWith('#'), $"unexpected comment line: {line}");
                parsed.Samples.Add(ParseSample(line));
            }
        }

        return parsed;
    }

    public IEnumerable<Sample> Of(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The value of the one sample with exactly these labels.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Assert.Single(Of(name), s => s.HasExactly(labels)).Value;

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var labelName = line[i..equals];
                Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", labelName);
                Assert.Equal('"', line[equals + 1]);
                i = equals + 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            var other => throw new FormatException($"bad escape \\{other} in {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                Assert.True(labels.TryAdd(labelName, value.ToString()), $"label {labelName} repeated in {line}");
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Assert.Equal(' ', line[i]);
        var number = line[(i + 1)..];
        var parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, parsed);
    }

    private static string Unescape(string help) => help.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public bool HasExactly((string Name, string Value)[] labels) =>
            Labels.Count == labels.Length && labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);
    }
}

using System.Text;
using Iota.Engine.Internal;
using Iota.Sdk;

namespace Iota.Engine.Tests.Evaluation;

public sealed class Utf8RuleTableTests
{
    [Fact]
    public void Every_key_finds_its_own_rules_and_near_misses_find_none()
    {
        // Keys that share heads and tails, short keys, one-byte keys, non-ASCII keys, and enough of them that
        // probes collide and wrap around the table.
        string[] keys =
        [
            "GetObject", "GetObjectAcl", "GetObjectTagging", "PutObject", "PutObjectAcl", "s3.amazonaws.com", "iam.amazonaws.com",
            "A", "AB", "ABCDEFG", "ABCDEFGH", "ABCDEFGHI", "Ünïcødé", .. Enumerable.Range(0, 300).Select(i => $"Describe{i}Things"),
        ];
        var rules = keys.ToDictionary(k => k, k => new[] { Indexed(k) }, StringComparer.Ordinal);

        var table = new Utf8RuleTable(rules);

        foreach (string key in keys)
        {
            IndexedRule found = Assert.Single(table.Find(Encoding.UTF8.GetBytes(key)).ToArray());
            Assert.Equal(key, found.Descriptor.Id);
        }

        foreach (string miss in (string[])["", "GetObjec", "GetObjectAc", "getobject", "ABCDEFGHIJ", "Describe300Things", "Ünïcødë"])
        {
            Assert.True(table.Find(Encoding.UTF8.GetBytes(miss)).IsEmpty, miss);
        }
    }

    [Fact]
    public void An_empty_table_finds_nothing()
    {
        var table = new Utf8RuleTable(new Dictionary<string, IndexedRule[]>());

        Assert.True(table.IsEmpty);
        Assert.True(table.Find("GetObject"u8).IsEmpty);
    }

    private static IndexedRule Indexed(string id) => new(new Named(id), new RuleDescriptor { Id = id, Language = "csharp", Source = "test" });

    private sealed class Named(string id) : Rule
    {
        public override string Id => id;

        public override Severity Severity => Severity.Info;

        public override bool Match(Event e) => false;
    }
}

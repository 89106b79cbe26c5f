using Iota.Engine.Internal;
using Iota.Engine.Tests.Support;
using Iota.Sdk;

namespace Iota.Engine.Tests.Loading;

/// <summary>Loading .csx rule files: compile errors with positions, isolation between files, the compile cache.</summary>
public sealed class CsxLoadingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_compile_error_is_reported_with_file_line_and_column_while_another_file_loads()
    {
        _dir.Write("good.csx", Rules.Simple("Test.Good", "ConsoleLogin"));
        string broken = _dir.Write("broken.csx", """
            public sealed class Broken : Rule
            {
                public override string Id => "Test.Broken";
                public override bool Match(Event e) => e.NoSuchMember == 1;
            }
            """);

        RuleSet set = RuleLoader.Load([_dir.Path]);

        RuleDescriptor good = Assert.Single(set.Rules);
        Assert.Equal("Test.Good", good.Id);
        Assert.Equal(Path.Combine(_dir.Path, "good.csx"), good.Source);
        Assert.Equal("csharp", good.Language);
        RuleLoadError error = Assert.Single(set.LoadErrors);
        Assert.Equal(broken, error.Source);
        Assert.Equal(4, error.Line);
        Assert.Equal(46, error.Column);
        Assert.Contains("CS1061", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{broken}:4:46: CS1061", error.ToString(), StringComparison.Ordinal);
        Assert.Single(Events.Evaluate(set, Events.CloudTrail("ConsoleLogin")));
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_line()
    {
        string broken = _dir.Write("syntax.csx", "public sealed class X : Rule\n{\n    public override string Id => \"x\"\n}\n");

        RuleSet set = RuleLoader.Load([_dir.Path]);

        Assert.Empty(set.Rules);
        Assert.Contains(set.LoadErrors, e => e.Source == broken && e.Line == 3);
    }

    [Fact]
    public void A_rule_folder_that_does_not_exist_is_an_error_not_a_crash()
    {
        string missing = Path.Combine(_dir.Path, "nope");

        RuleSet set = RuleLoader.Load([missing]);

        Assert.Empty(set.Rules);
        Assert.Equal(missing, Assert.Single(set.LoadErrors).Source);
    }

    [Fact]
    public void Rules_are_found_in_subfolders_but_not_in_bin_obj_or_hidden_folders()
    {
        _dir.Write("a/b/deep.csx", Rules.Simple("Test.Deep", "X"));
        _dir.Write("bin/skipped.csx", Rules.Simple("Test.Bin", "X"));
        _dir.Write("obj/skipped.csx", Rules.Simple("Test.Obj", "X"));
        _dir.Write(".hidden/skipped.csx", Rules.Simple("Test.Hidden", "X"));

        RuleSet set = RuleLoader.Load([_dir.Path]);

        Assert.Equal("Test.Deep", Assert.Single(set.Rules).Id);
        Assert.Empty(set.LoadErrors);
    }

    [Fact]
    public void A_duplicate_rule_id_is_an_error_and_the_first_definition_wins()
    {
        _dir.Write("a.csx", Rules.Simple("Test.Same", "A"));
        string second = _dir.Write("b.csx", Rules.Simple("Test.Same", "B"));

        RuleSet set = RuleLoader.Load([_dir.Path]);

        Assert.Equal(["A"], Assert.Single(set.Rules).EventNames);
        RuleLoadError error = Assert.Single(set.LoadErrors);
        Assert.Equal(second, error.Source);
        Assert.Contains("Test.Same", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_metadata_and_throwing_constructors_are_load_errors()
    {
        _dir.Write("empty-id.csx", """
            public sealed class EmptyId : Rule { public override string Id => " "; public override bool Match(Event e) => true; }
            """);
        _dir.Write("threshold.csx", """
            public sealed class Zero : Rule { public override string Id => "Test.Zero"; public override int Threshold => 0; public override bool Match(Event e) => true; }
            """);
        _dir.Write("ctor.csx", """
            public sealed class Throws : Rule
            {
                public Throws() => throw new InvalidOperationException("no");
                public override string Id => "Test.Ctor";
                public override bool Match(Event e) => true;
            }
            """);

        RuleSet set = RuleLoader.Load([_dir.Path]);

        Assert.Empty(set.Rules);
        Assert.Equal(3, set.LoadErrors.Count);
        Assert.Contains(set.LoadErrors, e => e.Message.Contains("empty Id", StringComparison.Ordinal));
        Assert.Contains(set.LoadErrors, e => e.Message.Contains("Threshold", StringComparison.Ordinal));
        Assert.Contains(set.LoadErrors, e => e.Message.Contains("constructor", StringComparison.Ordinal));
    }

    [Fact]
    public void A_compiled_image_is_cached_and_reused_until_the_source_changes()
    {
        string source = Rules.Simple("Test.Cached." + Guid.NewGuid().ToString("N"), "X");
        string path = _dir.Write("cached.csx", source);
        byte[] bytes = File.ReadAllBytes(path);

        CsxCompileResult first = CsxCompiler.Compile(path, bytes);
        string[] imagesAfterFirst = Directory.GetFiles(CsxCompiler.CacheDirectory, "*.dll");
        CsxCompileResult second = CsxCompiler.Compile(path, bytes);
        byte[] changed = System.Text.Encoding.UTF8.GetBytes(source + "\n// edited\n");
        CsxCompileResult third = CsxCompiler.Compile(path, changed);

        Assert.StartsWith(TestCache.Directory, CsxCompiler.CacheDirectory, StringComparison.Ordinal);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Image, second.Image);
        Assert.Contains(imagesAfterFirst, f => File.ReadAllBytes(f).AsSpan().SequenceEqual(first.Image));
        Assert.False(third.FromCache);
        Assert.NotEqual(first.Image, third.Image);

        // Other tests compile into the same cache in parallel, so find the new image by content, not by count.
        string[] imagesAfterThird = Directory.GetFiles(CsxCompiler.CacheDirectory, "*.dll");
        string thirdFile = Assert.Single(imagesAfterThird, f => File.ReadAllBytes(f).AsSpan().SequenceEqual(third.Image));
        Assert.DoesNotContain(thirdFile, imagesAfterFirst);
        Assert.True(CsxCompiler.Compile(path, changed).FromCache);
    }

    [Fact]
    public void The_loader_takes_the_image_from_the_cache_instead_of_compiling()
    {
        // Plant the image of one rule under the cache key of another source: loading that source must run the
        // planted rule, which proves the loader used the cache and did not compile.
        string realSource = Rules.Simple("Test.Planted." + Guid.NewGuid().ToString("N"), "Planted");
        string planted = _dir.Write("planted.csx", realSource);
        CsxCompileResult image = CsxCompiler.Compile(planted, File.ReadAllBytes(planted));
        string otherId = "Test.Other." + Guid.NewGuid().ToString("N");
        string otherSource = Rules.Simple(otherId, "Other");
        using var other = new TempDirectory();
        string otherPath = other.Write("other.csx", otherSource);
        var before = Directory.GetFiles(CsxCompiler.CacheDirectory, "*.dll").ToHashSet();
        CsxCompiler.Compile(otherPath, File.ReadAllBytes(otherPath));
        byte[] otherIdInImage = System.Text.Encoding.Unicode.GetBytes(otherId); // string literals are UTF-16 in metadata
        string otherImage = Assert.Single(Directory.GetFiles(CsxCompiler.CacheDirectory, "*.dll"),
            f => !before.Contains(f) && File.ReadAllBytes(f).AsSpan().IndexOf(otherIdInImage) >= 0);
        File.WriteAllBytes(otherImage, image.Image!);

        RuleSet set = RuleLoader.Load([otherPath]);

        Assert.Equal(["Planted"], Assert.Single(set.Rules).EventNames);
    }
}

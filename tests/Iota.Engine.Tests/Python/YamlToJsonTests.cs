using Iota.Engine.Python.Internal;
using YamlDotNet.RepresentationModel;

namespace Iota.Engine.Tests.Python;

public sealed class YamlToJsonTests
{
    private static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlToJson.Convert(stream.Documents[0].RootNode)!.ToJsonString();
    }

    [Fact]
    public void Plain_scalars_get_the_types_pyyaml_gives_them_and_quoted_ones_stay_strings()
    {
        var json = Convert("""
            a: true
            b: No
            c: 42
            d: -1_000
            e: 1.5
            f: ~
            g: "true"
            h: '42'
            i: 2019-01-01T00:00:00Z
            j: 0755x
            k:
              - 1
              - x
            """);

        Assert.Equal(
            """{"a":true,"b":false,"c":42,"d":-1000,"e":1.5,"f":null,"g":"true","h":"42","i":"2019-01-01T00:00:00Z","j":"0755x","k":[1,"x"]}""",
            json);
    }
}

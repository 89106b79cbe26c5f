using System.Text;
using Iota.Pipeline.Bloom.Internal;

namespace Iota.Pipeline.Tests.Bloom;

public class XxHash64Tests
{
    // Reference values published with xxHash and its ports; saved filters depend on them never changing.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0x856E843298F99AD7UL)]
    [InlineData("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1UL)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x0B242D361FDA71BCUL)]
    public void Matches_reference_vectors(string input, ulong expected)
    {
        Assert.Equal(expected, XxHash64.HashToUInt64(Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void Appending_in_pieces_equals_hashing_at_once()
    {
        var data = new byte[1000];
        new Random(7).NextBytes(data);
        foreach (var pieceLength in new[] { 1, 3, 7, 31, 32, 33, 100 })
        {
            var hash = new XxHash64();
            for (var offset = 0; offset < data.Length; offset += pieceLength)
            {
                hash.Append(data.AsSpan(offset, Math.Min(pieceLength, data.Length - offset)));
            }

            Assert.Equal(XxHash64.HashToUInt64(data), hash.GetCurrentHashAsUInt64());
        }
    }
}

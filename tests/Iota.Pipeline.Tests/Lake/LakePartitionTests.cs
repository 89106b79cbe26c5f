using Iota.Pipeline.Lake;

namespace Iota.Pipeline.Tests.Lake;

public sealed class LakePartitionTests
{
    [Theory]
    [InlineData("2025-12-31T23:59:59.999Z", "logs/aws_cloudtrail/year=2025/month=12/day=31/hour=23/")]
    [InlineData("2026-01-01T00:00:00Z", "logs/aws_cloudtrail/year=2026/month=01/day=01/hour=00/")]
    [InlineData("2026-03-04T09:59:59Z", "logs/aws_cloudtrail/year=2026/month=03/day=04/hour=09/")]
    [InlineData("2026-03-04T10:00:00Z", "logs/aws_cloudtrail/year=2026/month=03/day=04/hour=10/")]
    [InlineData("2026-01-01T01:30:00+02:00", "logs/aws_cloudtrail/year=2025/month=12/day=31/hour=23/")]
    public void PartitionsByTheUtcHour(string time, string expected)
    {
        Assert.Equal(expected, LakePartition.Prefix("aws_cloudtrail", DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ListsEveryHourThatCanHoldTheRange()
    {
        var prefixes = LakePartition.Prefixes(
            "aws_cloudtrail",
            new DateTimeOffset(2025, 12, 31, 22, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero)).ToList();

        Assert.Equal(
            [
                "logs/aws_cloudtrail/year=2025/month=12/day=31/hour=22/",
                "logs/aws_cloudtrail/year=2025/month=12/day=31/hour=23/",
                "logs/aws_cloudtrail/year=2026/month=01/day=01/hour=00/",
            ],
            prefixes);
    }
}

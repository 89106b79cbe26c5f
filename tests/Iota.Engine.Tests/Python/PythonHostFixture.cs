using Iota.Engine.Python;

namespace Iota.Engine.Tests.Python;

/// <summary>One host over both fixture libraries, shared by tests that only evaluate (starting Python is the slow part).</summary>
public sealed class PythonHostFixture : IAsyncLifetime
{
    private PythonRuleHost? _host;

    public PythonRuleHost Host => _host ?? throw new InvalidOperationException("fixture not initialised");

    public async Task InitializeAsync() =>
        _host = await PythonRuleHost.StartAsync(
            PythonFixtures.Options(PythonFixtures.NewTempDirectory(), PythonFixtures.IotaRules, PythonFixtures.PantherRules));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

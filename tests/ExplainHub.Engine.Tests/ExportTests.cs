using System.Diagnostics;
using System.Globalization;
using ExplainHub.Engine.Models.Export;
using ExplainHub.Engine.Native;
using ExplainHub.Engine.Networks;
using ExplainHub.Shared;

namespace ExplainHub.Engine.Tests;

/// <summary>Networks out as safetensors + JSON and back in: same predictions, readable by a short NumPy reader, damage refused.</summary>
[Collection(NativeCollection.Name)]
public sealed class ExportTests : IDisposable
{
    private readonly EngineFixture fixture = new();
    private readonly TempDirectory output = new();

    public void Dispose()
    {
        fixture.Dispose();
        output.Dispose();
    }

    [Fact]
    public async Task ExportThenImport_PredictsIdentically_AndKeepsTheNormalisation()
    {
        var (dataset, _) = SyntheticData.BrightPatch(200, 20, side: 16, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.FiveConvCnn, Epochs: 1, StandardizeInputs: true));

        var exported = await fixture.Engine.ExportModelAsync(new ModelExportRequest(job.ModelId!, output.Path));
        var imported = await fixture.Engine.ImportModelAsync(new ModelImportRequest(output.Path, "copy"));

        Assert.NotEqual(job.ModelId, imported.Id);
        Assert.Equal(ModelKinds.FiveConvCnn, imported.Kind);
        Assert.Equal("copy", imported.Name);
        var request = new PredictRequest(job.ModelId!, dataset.Info.Id, DatasetSplit.Test, [0, 1, 2, 3, 4]);
        var original = await fixture.Engine.PredictAsync(request);
        var copy = await fixture.Engine.PredictAsync(request with { ModelId = imported.Id });
        Assert.Equal(original.Predictions.Select(p => p.Probabilities), copy.Predictions.Select(p => p.Probabilities));

        var description = File.ReadAllText(exported.DescriptionPath);
        Assert.Contains("\"architecture\": \"five-conv-cnn\"", description, StringComparison.Ordinal);
        Assert.Contains("\"inputStd\"", description, StringComparison.Ordinal);
        var (tensors, metadata) = SafeTensorsFile.Read(exported.WeightsPath);
        Assert.Equal([16L, 1, 3, 3], tensors["conv1.weight"].Shape);
        Assert.Equal("five-conv-cnn", metadata["architecture"]);
        Assert.NotEqual(1f, tensors["input_std"].Values[0]);
    }

    [Fact]
    public void AShortNumPyReader_ReadsTheWeights()
    {
        using var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10);
        var path = Path.Combine(output.Path, "w.safetensors");
        SafeTensorsFile.Write(path, net.State(), new Dictionary<string, string> { ["format"] = "test" });
        var expected = net.State().Single(t => t.Name == "conv2.weight").Values.Sum(v => (double)v);

        // The whole reader: header length, JSON header, one tensor's bytes — the format needs nothing more.
        const string reader = """
            import json, struct, sys
            import numpy as np
            data = open(sys.argv[1], 'rb').read()
            n = struct.unpack('<Q', data[:8])[0]
            header = json.loads(data[8:8 + n])
            entry = header['conv2.weight']
            begin, end = entry['data_offsets']
            tensor = np.frombuffer(data[8 + n + begin:8 + n + end], dtype='<f4').reshape(entry['shape'])
            print(tensor.shape, repr(float(tensor.astype(np.float64).sum())))
            """;
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Fail("/usr/bin/python3 (with numpy) is part of the test dependencies; install-deps.sh installs it.");
        }

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(reader);
        start.ArgumentList.Add(path);
        using var python = Process.Start(start)!;
        var printed = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, python.StandardError.ReadToEnd());
        Assert.StartsWith("(64, 32, 3, 3)", printed, StringComparison.Ordinal);
        Assert.Equal(expected, double.Parse(printed[(printed.IndexOf(')') + 1)..].Trim(), CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public async Task ATruncatedWeightsFile_OrAMissingDescription_IsRefusedSayingWhere()
    {
        using (var net = TorchNetwork.Create("seed-cnn", 1, 28, 28, 10))
        {
            SafeTensorsFile.Write(Path.Combine(output.Path, NetworkExport.WeightsFile), net.State(), new Dictionary<string, string>());
        }

        var missing = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportModelAsync(new ModelImportRequest(output.Path)));
        Assert.Contains("model.json", missing.Message, StringComparison.Ordinal);

        var weights = Path.Combine(output.Path, NetworkExport.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length - 100)]);
        var truncated = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(weights));
        Assert.Contains($"truncated at byte offset {bytes.Length - 100}", truncated.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[4,0]}}""", "shape [-1]")]
    [InlineData("""{"w":{"dtype":"F32","shape":["3"],"data_offsets":[0,12]}}""", "no shape list")]
    [InlineData("""{"w":{"dtype":"F32","shape":[3]}}""", "no data_offsets list")]
    [InlineData("""{"w":{"dtype":5,"shape":[3],"data_offsets":[0,12]}}""", "only F32")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,12]}}""", "not one a tensor can have")]
    public void AWeightsFileWithAMalformedHeader_IsRefusedNamingTheTensor(string header, string why)
    {
        var path = Path.Combine(output.Path, "bad.safetensors");
        var json = System.Text.Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((long)json.Length), .. json, .. new byte[12]]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADescriptionWithoutClassNamesOrWithAnAbsurdSize_IsRefusedWhenImported()
    {
        var (dataset, _) = SyntheticData.BrightPatch(40, 10, side: 16, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1, BatchSize: 20));
        var exported = await fixture.Engine.ExportModelAsync(new ModelExportRequest(job.ModelId!, output.Path));
        var original = File.ReadAllText(exported.DescriptionPath);

        foreach (var (field, value, why) in new[] { ("classNames", "null", "classNames"), ("height", "100000", "expected 1 to 4 channels") })
        {
            var description = System.Text.Json.Nodes.JsonNode.Parse(original)!.AsObject();
            description[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
            File.WriteAllText(exported.DescriptionPath, description.ToJsonString());

            var error = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportModelAsync(new ModelImportRequest(output.Path)));
            Assert.Equal(EngineErrorKind.InvalidRequest, error.Kind);
            Assert.Contains(why, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AResNetExportOfTheEarlierEngine_WithShortcutNames_StillImports()
    {
        var (dataset, _) = SyntheticData.BrightPatch(40, 10, side: 16, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.ResNet18, Epochs: 1, BatchSize: 20));
        var exported = await fixture.Engine.ExportModelAsync(new ModelExportRequest(job.ModelId!, output.Path));
        var (tensors, metadata) = SafeTensorsFile.Read(exported.WeightsPath);
        Assert.Contains("layer2.0.downsample.0.weight", tensors.Keys);
        // The libtorch engine named torchvision's downsample "shortcut".
        var renamed = tensors.Values.Select(t => t with { Name = t.Name.Replace(".downsample.", ".shortcut.", StringComparison.Ordinal) }).ToList();
        SafeTensorsFile.Write(exported.WeightsPath, renamed, metadata);

        var imported = await fixture.Engine.ImportModelAsync(new ModelImportRequest(output.Path));
        var request = new PredictRequest(job.ModelId!, dataset.Info.Id, DatasetSplit.Test, [0, 1, 2]);
        var original = await fixture.Engine.PredictAsync(request);
        var copy = await fixture.Engine.PredictAsync(request with { ModelId = imported.Id });
        Assert.Equal(original.Predictions.Select(p => p.Probabilities), copy.Predictions.Select(p => p.Probabilities));
    }

    [Fact]
    public async Task APairMadeOfTwoExports_IsRefused_WhileAPairOfTheEarlierFormatWithoutAnId_StillImports()
    {
        var (dataset, _) = SyntheticData.BrightPatch(60, 10, side: 12, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var first = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1, Seed: 1));
        var second = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, Epochs: 1, Seed: 2));
        var earlier = await fixture.Engine.ExportModelAsync(new ModelExportRequest(first.ModelId!, output.Path));
        var firstWeights = File.ReadAllBytes(earlier.WeightsPath);
        var later = await fixture.Engine.ExportModelAsync(new ModelExportRequest(second.ModelId!, output.Path));

        // The second export interrupted between its two renames: its weights never replaced the first's.
        File.WriteAllBytes(later.WeightsPath, firstWeights);
        var mixed = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportModelAsync(new ModelImportRequest(output.Path)));

        Assert.Contains("come from two different exports", mixed.Message, StringComparison.Ordinal);
        await fixture.Engine.ExportModelAsync(new ModelExportRequest(second.ModelId!, output.Path));
        var (tensors, metadata) = SafeTensorsFile.Read(later.WeightsPath);
        SafeTensorsFile.Write(later.WeightsPath, tensors.Values.ToList(), metadata.Where(m => m.Key != "export_id").ToDictionary());
        var description = File.ReadAllLines(later.DescriptionPath).Where(l => !l.Contains("\"exportId\"", StringComparison.Ordinal)).ToArray();
        description[^2] = description[^2].TrimEnd(','); // the field before the removed last one
        File.WriteAllLines(later.DescriptionPath, description);
        var imported = await fixture.Engine.ImportModelAsync(new ModelImportRequest(output.Path));
        Assert.Equal(ModelKinds.SeedCnn, imported.Kind);
    }

    [Fact]
    public async Task AClassicalModel_IsNotExportedAsANetwork()
    {
        var (dataset, _) = SyntheticData.BrightPatch(60, 20, side: 12, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var svm = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.LinearSvm));
        var error = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ExportModelAsync(new ModelExportRequest(svm.ModelId!, output.Path)));
        Assert.Contains("is not a network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExportToAFolderThatCannotBeMade_OrAnImportOfAFile_IsRefusedInTheFileSystemsWords()
    {
        // Over the hub anything but an engine error is "internal engine error": the caller could not tell what to fix.
        var (dataset, _) = SyntheticData.BrightPatch(60, 20, side: 12, patch: 4);
        fixture.Engine.RegisterDataset(dataset);
        var job = await fixture.Engine.TrainAsync(new TrainRequest(dataset.Info.Id, ModelKinds.SeedCnn, Epochs: 1));
        var aFile = Path.Combine(output.Path, "not-a-folder");
        File.WriteAllText(aFile, "x");

        var export = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ExportModelAsync(new ModelExportRequest(job.ModelId!, aFile)));
        var import = await Assert.ThrowsAsync<EngineException>(() => fixture.Engine.ImportModelAsync(new ModelImportRequest(aFile, "copy")));

        Assert.Equal(EngineErrorKind.InvalidRequest, export.Kind);
        Assert.StartsWith($"Model '{job.ModelId}' could not be written to '{aFile}': ", export.Message, StringComparison.Ordinal);
        Assert.Equal(EngineErrorKind.InvalidRequest, import.Kind);
    }
}

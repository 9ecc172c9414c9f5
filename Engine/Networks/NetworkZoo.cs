namespace ExplainHub.Engine.Networks;

/// <summary>The architectures the engine builds, by the model kind's name.</summary>
public static class NetworkZoo
{
    public static readonly IReadOnlyList<string> Architectures = ["seed-cnn", "five-conv-cnn", "resnet18", "resnet34", "vgg13-bn", "vgg16-bn"];

    /// <summary>
    /// The network <paramref name="architecture"/> for channels×height×width inputs (the input size picks ResNet's
    /// stem); refused with the smallest size when the input is too small for its pools.
    /// </summary>
    public static GapNetwork Create(string architecture, long channels, long height, long width, long classes)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
        {
            throw NetworkException.Invalid($"input shape must be positive, not {channels}×{height}×{width}");
        }

        if (classes < 2)
        {
            throw NetworkException.Invalid("a classifier needs at least two classes");
        }

        var small = Math.Max(height, width) <= 64;
        GapNetwork network = architecture switch
        {
            "seed-cnn" => new SeedCnn(channels, classes),
            "five-conv-cnn" => new FiveConvCnn(channels, classes),
            "resnet18" => new ResNet(architecture, [2, 2, 2, 2], channels, classes, small),
            "resnet34" => new ResNet(architecture, [3, 4, 6, 3], channels, classes, small),
            "vgg13-bn" => new Vgg(architecture, [2, 2, 2, 2, 2], channels, classes),
            "vgg16-bn" => new Vgg(architecture, [2, 2, 3, 3, 3], channels, classes),
            _ => throw NetworkException.Invalid($"unknown architecture '{architecture}' (known: {string.Join(", ", Architectures)})"),
        };
        TorchRuntime.NoteParameters(network.parameters().Count());

        if (height < network.MinInputSize || width < network.MinInputSize)
        {
            var smallest = network.MinInputSize;
            network.Dispose();
            throw NetworkException.Invalid($"{architecture} needs images of at least {smallest}×{smallest} pixels, not {height}×{width}");
        }

        return network;
    }
}

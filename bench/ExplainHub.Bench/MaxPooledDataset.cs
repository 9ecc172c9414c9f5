using ExplainHub.Engine.Data;
using ExplainHub.Shared;

namespace ExplainHub.Bench;

/// <summary>
/// A data set at another preprocessing, for <c>./bench.sh classical --max-pool K</c>: every image reduced by K×K max
/// pooling (28×28 Fashion-MNIST → 14×14 at K = 2). Max keeps the 8-bit levels, so scikit-learn's side
/// (<c>x.reshape(n, h/K, K, w/K, K).max((2, 4))</c> in sklearn_at_size.py) sees exactly the same pixels.
/// </summary>
internal sealed class MaxPooledDataset : IDataset
{
    public MaxPooledDataset(IDataset source, int pool)
    {
        var info = source.Info;
        if (pool < 2 || info.Height % pool != 0 || info.Width % pool != 0)
        {
            throw new InvalidOperationException($"--max-pool {pool} does not divide {info.Height}×{info.Width} images");
        }

        Info = info with { Id = $"{info.Id}-maxpool{pool}", Height = info.Height / pool, Width = info.Width / pool };
        Train = Pool(source.Train, info, pool);
        Test = Pool(source.Test, info, pool);
        Validation = Pool(source.Validation, info, pool);
    }

    public DatasetInfo Info { get; }

    public ImageSet Train { get; }

    public ImageSet Test { get; }

    public ImageSet Validation { get; }

    private static ImageSet Pool(ImageSet images, DatasetInfo info, int pool)
    {
        int height = info.Height / pool, width = info.Width / pool, size = info.Channels * height * width;
        var pixels = new byte[(long)images.Count * size];
        for (var i = 0; i < images.Count; i++)
        {
            var source = images.Image(i);
            var target = pixels.AsSpan(i * size, size);
            for (var c = 0; c < info.Channels; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        byte most = 0;
                        for (var dy = 0; dy < pool; dy++)
                        {
                            for (var dx = 0; dx < pool; dx++)
                            {
                                most = Math.Max(most, source[(((c * info.Height) + (y * pool) + dy) * info.Width) + (x * pool) + dx]);
                            }
                        }

                        target[(((c * height) + y) * width) + x] = most;
                    }
                }
            }
        }

        return new ImageSet(size, pixels, images.Labels);
    }
}

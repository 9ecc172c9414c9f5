namespace ExplainHub.Engine.Native;

/// <summary>
/// libtorch's CPU generator, as torch.Generator().manual_seed(seed): successive <see cref="Permutation"/> calls
/// give the epoch orders a PyTorch loop with the same seed sees, so runs are comparable batch for batch.
/// </summary>
public sealed class TorchGenerator : IDisposable
{
    private readonly GeneratorHandle handle;

    public TorchGenerator(long seed)
    {
        NativeCall.Check(NativeMethods.GeneratorCreate(seed, out var created));
        handle = created;
    }

    /// <summary>torch.randperm(count, generator=this).</summary>
    public unsafe int[] Permutation(int count)
    {
        var values = new long[count];
        fixed (long* output = values)
        {
            NativeCall.Check(NativeMethods.GeneratorRandperm(handle, count, output));
        }

        return Array.ConvertAll(values, v => (int)v);
    }

    public void Dispose() => handle.Dispose();
}

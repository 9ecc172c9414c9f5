namespace ExplainHub.Server.Compare;

/// <summary>Spearman's ρ of H and IoU of the top-ρ masks for every pair of maps (of one image, or means over several), rows as <see cref="Labels"/>.</summary>
public sealed record AgreementTable(IReadOnlyList<string> Labels, double Rho, double[] Spearman, double[] Iou)
{
    /// <summary>How many images the values are means over.</summary>
    public int Images { get; init; } = 1;

    public int Size => Labels.Count;

    public double SpearmanAt(int row, int column) => Spearman[(row * Size) + column];

    public double IouAt(int row, int column) => Iou[(row * Size) + column];
}

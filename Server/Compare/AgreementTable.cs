namespace ExplainHub.Server.Compare;

/// <summary>Spearman's ρ of H and IoU of the top-ρ masks for every pair of ready tiles of one image, rows as <see cref="Labels"/>.</summary>
public sealed record AgreementTable(IReadOnlyList<string> Labels, double Rho, double[] Spearman, double[] Iou)
{
    public int Size => Labels.Count;

    public double SpearmanAt(int row, int column) => Spearman[(row * Size) + column];

    public double IouAt(int row, int column) => Iou[(row * Size) + column];
}

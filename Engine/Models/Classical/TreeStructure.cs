namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// The shape of a fitted classification tree, in pre-order (node 0 the root, left subtree first): node i sends a
/// row left when row[Feature[i]] ≤ Threshold[i]; a leaf has Feature −1 and children −1.
/// </summary>
public sealed record TreeStructure(int[] Feature, float[] Threshold, int[] Left, int[] Right)
{
    public int NodeCount => Feature.Length;
}

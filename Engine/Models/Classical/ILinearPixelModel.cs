namespace ExplainHub.Engine.Models.Classical;

/// <summary>
/// A model whose class score is linear in the pixels: s_c(x) = w_c·x + b_c (seed 000 §3.1). w_c as an image is the
/// model's internal representation; w_c ⊙ x is its Hadamard activation map. For PCA+SVM, w_c is already mapped
/// back to pixel space (w_c^p = Pᵀ w_c, with the mean's contribution folded into b_c).
/// </summary>
public interface ILinearPixelModel
{
    /// <summary>w_c, one weight per pixel.</summary>
    float[] PixelWeights(int classIndex);

    /// <summary>b_c, so that w_c·x + b_c is the model's decision value for class c.</summary>
    double PixelBias(int classIndex);
}

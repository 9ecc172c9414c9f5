namespace ExplainHub.Shared;

/// <summary>
/// Settings of the classical model families; each family reads the fields it knows. Defaults are scikit-learn's
/// (LinearSVC C=1, SVC rbf with gamma "scale", PCA 128) and seed 000's sweeps (random forest 150 trees of depth 15,
/// AdaBoost 50 rounds of depth-3 trees).
/// </summary>
/// <param name="C">SVM regularisation (LIBLINEAR and LIBSVM).</param>
/// <param name="Kernel">Kernel SVC: linear, poly, rbf or sigmoid.</param>
/// <param name="Gamma">Kernel width; null = "scale", 1 / (features · variance of the training pixels), as scikit-learn.</param>
/// <param name="Degree">Polynomial kernel degree.</param>
/// <param name="Coef0">Poly and sigmoid kernel offset.</param>
/// <param name="Probabilities">Kernel SVC: Platt-calibrated probabilities (LIBSVM's internal 5-fold fit, about 5× the
/// fit time); without them probabilities are the normalised one-vs-one votes.</param>
/// <param name="Components">PCA components.</param>
/// <param name="Estimators">Random forest trees, or AdaBoost rounds; null = 150 trees, 50 rounds.</param>
/// <param name="MaxDepth">Tree depth limit; null = 15 (random forest), 3 (AdaBoost).</param>
/// <param name="RowSubsample">Fraction of training rows each tree sees (a Breiman forest draws this share of n with replacement).</param>
/// <param name="FeatureSubsample">Fraction of pixels considered at each split; null = √features / features (random forest) or all (AdaBoost).</param>
/// <param name="BoostingLearningRate">AdaBoost shrinkage of each round's weight (SAMME) or of its sample-weight
/// update (SAMME.R, as scikit-learn).</param>
/// <param name="WeakLearner">AdaBoost's weak learner: "xgboost" (a tree per class, XGBoost) or "cart" (one tree
/// over all classes, as scikit-learn's DecisionTreeClassifier); see <see cref="WeakLearners"/>.</param>
/// <param name="BoostingAlgorithm">AdaBoost's variant: "samme" (discrete votes) or "samme.r" (from class
/// probabilities; scikit-learn 1.2's default); see <see cref="BoostingAlgorithms"/>.</param>
/// <param name="ForestAlgorithm">Random forest: "breiman" (scikit-learn's RandomForestClassifier) or "xgboost"
/// (XGBoost's random-forest mode); see <see cref="ForestAlgorithms"/>.</param>
/// <param name="KernelPcaFitSubset">Kernel PCA: how many training images (the first, stratified) its kernel matrix is built from.</param>
/// <param name="PreImageRidge">Kernel PCA: ridge of the kernel ridge regression that maps components back to pixels (scikit-learn's alpha).</param>
/// <param name="TreeFeatureSubsample">XGBoost random forest: the fraction of pixels each chunk of trees is grown on (a random
/// subspace per chunk; splits still sample <see cref="FeatureSubsample"/> of all pixels); null = a tenth from 256 pixels up, else all.</param>
/// <param name="SourceModelId">CNN+SVM and SVM+Mask: the trained network (seed-cnn, five-conv-cnn) whose GAP features or CAM they use.</param>
/// <param name="MaskFraction">SVM+Mask: the fraction rho of each image's pixels kept, those where the network's CAM is highest.</param>
public sealed record ClassicalOptions(
    double C = 1.0,
    string Kernel = "rbf",
    double? Gamma = null,
    int Degree = 3,
    double Coef0 = 0,
    bool Probabilities = true,
    int Components = 128,
    int? Estimators = null,
    int? MaxDepth = null,
    double RowSubsample = 1.0,
    double? FeatureSubsample = null,
    double BoostingLearningRate = 1.0,
    int KernelPcaFitSubset = 5000,
    double PreImageRidge = 1.0,
    string? SourceModelId = null,
    double MaskFraction = 0.5,
    double? TreeFeatureSubsample = null,
    string WeakLearner = WeakLearners.XGBoost,
    string BoostingAlgorithm = BoostingAlgorithms.Samme,
    string ForestAlgorithm = ForestAlgorithms.Breiman);

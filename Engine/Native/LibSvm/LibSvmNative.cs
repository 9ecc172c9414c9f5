using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.LibSvm;

/// <summary>
/// LIBSVM 3.24's C API (Debian libsvm3, /usr/include/libsvm/svm.h): the structs, laid out field for field as the
/// header declares them, and the calls we use.
/// </summary>
internal static unsafe partial class LibSvmNative
{
    /// <summary>svm_type C_SVC: C-regularised classification, one-vs-one for more than two classes (scikit-learn's SVC).</summary>
    public const int CSvc = 0;

    /// <summary>kernel_type values of svm.h: LINEAR, POLY, RBF, SIGMOID, PRECOMPUTED.</summary>
    public const int LinearKernel = 0;
    public const int PolyKernel = 1;
    public const int RbfKernel = 2;
    public const int SigmoidKernel = 3;
    public const int PrecomputedKernel = 4;

    /// <summary>struct svm_node: 1-based feature index (−1 ends a row) and value; 16 bytes with padding.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Node
    {
        public int Index;
        public double Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Problem
    {
        public int L;
        public double* Y;
        public Node** X;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Parameter
    {
        public int SvmType;
        public int KernelType;
        public int Degree;
        public double Gamma;
        public double Coef0;
        public double CacheSize;
        public double Eps;
        public double C;
        public int NrWeight;
        public int* WeightLabel;
        public double* Weight;
        public double Nu;
        public double P;
        public int Shrinking;
        public int Probability;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Model
    {
        public Parameter Param;
        public int NrClass;
        public int L;
        public Node** SV;
        public double** SvCoef;
        public double* Rho;
        public double* ProbA;
        public double* ProbB;
        public int* SvIndices;
        public int* Label;
        public int* NSV;
        public int FreeSv;
    }

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_train")]
    public static partial Model* Train(Problem* problem, Parameter* parameter);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_check_parameter")]
    public static partial byte* CheckParameter(Problem* problem, Parameter* parameter);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_predict_values")]
    public static partial double PredictValues(Model* model, Node* x, double* decisionValues);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_predict_probability")]
    public static partial double PredictProbability(Model* model, Node* x, double* probabilities);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_check_probability_model")]
    public static partial int CheckProbabilityModel(Model* model);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_save_model", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SaveModel(string path, Model* model);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_load_model", StringMarshalling = StringMarshalling.Utf8)]
    public static partial Model* LoadModel(string path);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_free_and_destroy_model")]
    public static partial void FreeAndDestroyModel(Model** model);

    [LibraryImport(SystemLibraries.LibSvm, EntryPoint = "svm_set_print_string_function")]
    public static partial void SetPrintStringFunction(delegate* unmanaged<byte*, void> print);

    /// <summary>
    /// libc's srand: LIBSVM draws the folds of its Platt-scaling cross-validation with rand(), so seeding it makes
    /// probability fits reproducible (scikit-learn seeds its patched copy the same way through random_state).
    /// </summary>
    [LibraryImport("libc.so.6", EntryPoint = "srand")]
    public static partial void SeedRandom(uint seed);
}

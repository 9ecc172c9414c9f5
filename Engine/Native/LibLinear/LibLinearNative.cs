using System.Runtime.InteropServices;

namespace ExplainHub.Engine.Native.LibLinear;

/// <summary>LIBLINEAR 2.3's C API (Debian liblinear4, /usr/include/linear.h): the structs and the calls we use.</summary>
internal static unsafe partial class LibLinearNative
{
    /// <summary>solver_type L2R_L2LOSS_SVC_DUAL: L2-regularised squared-hinge SVM, dual coordinate descent — LinearSVC's default.</summary>
    public const int L2RegularizedSquaredHingeDual = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct FeatureNode
    {
        public int Index;
        public double Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Problem
    {
        public int L;
        public int N;
        public double* Y;
        public FeatureNode** X;
        public double Bias;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Parameter
    {
        public int SolverType;
        public double Eps;
        public double C;
        public int NrWeight;
        public int* WeightLabel;
        public double* Weight;
        public double P;
        public double* InitSol;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Model
    {
        public Parameter Param;
        public int NrClass;
        public int NrFeature;
        public double* W;
        public int* Label;
        public double Bias;
    }

    [LibraryImport(SystemLibraries.LibLinear, EntryPoint = "train")]
    public static partial Model* Train(Problem* problem, Parameter* parameter);

    [LibraryImport(SystemLibraries.LibLinear, EntryPoint = "check_parameter")]
    public static partial byte* CheckParameter(Problem* problem, Parameter* parameter);

    [LibraryImport(SystemLibraries.LibLinear, EntryPoint = "free_and_destroy_model")]
    public static partial void FreeAndDestroyModel(Model** model);

    [LibraryImport(SystemLibraries.LibLinear, EntryPoint = "set_print_string_function")]
    public static partial void SetPrintStringFunction(delegate* unmanaged<byte*, void> print);
}

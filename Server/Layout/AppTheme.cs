using MudBlazor;

namespace ExplainHub.Server.Layout;

/// <summary>The app's one theme, light and dark: MudBlazor's defaults with a calmer primary and a denser app bar.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3f51b5", AppbarBackground = "#263238" },
        PaletteDark = new PaletteDark { Primary = "#8c9eff" },
        LayoutProperties = new LayoutProperties { AppbarHeight = "56px" },
    };
}

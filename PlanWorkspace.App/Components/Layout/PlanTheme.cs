using MudBlazor;

namespace PlanWorkspace.App.Components.Layout;

/// <summary>The workspace's colours and a font stack that renders Hangul well on every platform.</summary>
public static class PlanTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b3d91",
            Secondary = "#00897b",
            AppbarBackground = "#0b3d91",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Pretendard", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo", "sans-serif"],
            },
        },
    };
}

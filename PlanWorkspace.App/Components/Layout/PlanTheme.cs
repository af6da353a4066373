using MudBlazor;

namespace PlanWorkspace.App.Components.Layout;

/// <summary>
/// The workspace's colours and a font stack that renders Hangul well on every platform.
/// Every colour that carries text or marks a control meets WCAG 2.2 AA (KWCAG 2.2) on white and on
/// its own tinted background: white text on the filled colour and the colour as text, each at
/// least 4.5:1. They follow the Korean government design system (KRDS) families, a step darker
/// where KRDS's own value sits on the 4.5:1 line.
/// </summary>
public static class PlanTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b3d91",        // 10.0:1 on white
            Secondary = "#00695c",      // 6.6:1
            Info = "#1565c0",           // 5.8:1 (MudBlazor's #2196f3: 3.1:1)
            Success = "#1f7a33",        // 5.4:1 (MudBlazor's #00c853: 2.2:1)
            Warning = "#9e5b00",        // 5.3:1 (MudBlazor's #ff9800: 2.2:1)
            Error = "#c42e0f",          // 5.6:1 (MudBlazor's #f44336: 3.7:1)
            TextSecondary = "rgba(0,0,0,0.66)", // 5.7:1 on white, 4.9:1 on the grey panels
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

using System.Text;
using System.Xml;

namespace PlanWorkspace.App.Export;

/// <summary>Text made safe for XML formats: characters XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates) are dropped.</summary>
internal static class DocText
{
    public static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
        }
        return clean.ToString();
    }
}

using System.Globalization;
using System.Xml;

namespace PlanWorkspace.App.Export;

/// <summary>HWPX <c>header.xml</c>: fonts, border fills, character shapes, paragraph shapes, styles.</summary>
public sealed partial class HwpxExporter
{
    private static void WriteHeader(XmlWriter w)
    {
        w.WriteStartElement("hh", "head", Hh);
        w.WriteAttributeString("xmlns", "hc", null, Hc);
        w.WriteAttributeString("xmlns", "hp", null, Hp);
        Attrs(w, ("version", "1.4"), ("secCnt", "1"));
        Empty(w, Hh, "hh", "beginNum", ("page", "1"), ("footnote", "1"), ("endnote", "1"), ("pic", "1"), ("tbl", "1"), ("equation", "1"));
        w.WriteStartElement("hh", "refList", Hh);

        string[] langs = ["HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER"];
        w.WriteStartElement("hh", "fontfaces", Hh);
        Attrs(w, ("itemCnt", langs.Length.ToString(CultureInfo.InvariantCulture)));
        foreach (var lang in langs)
        {
            w.WriteStartElement("hh", "fontface", Hh);
            Attrs(w, ("lang", lang), ("fontCnt", "2"));
            foreach (var (id, face, family) in new[] { ("0", "함초롬바탕", "FCAT_MYUNGJO"), ("1", "함초롬돋움", "FCAT_GOTHIC") })
            {
                w.WriteStartElement("hh", "font", Hh);
                Attrs(w, ("id", id), ("face", face), ("type", "TTF"), ("isEmbedded", "0"));
                Empty(w, Hh, "hh", "typeInfo", ("familyType", family), ("weight", "6"), ("proportion", "4"), ("contrast", "0"),
                    ("strokeVariation", "1"), ("armStyle", "1"), ("letterform", "1"), ("midline", "1"), ("xHeight", "1"));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("hh", "borderFills", Hh);
        Attrs(w, ("itemCnt", "4"));
        BorderFill(w, 1, "NONE", null);
        BorderFill(w, 2, "NONE", "none");
        BorderFill(w, 3, "SOLID", null);
        BorderFill(w, 4, "SOLID", "#EEF2F8");
        w.WriteEndElement();

        (int Id, int Height, bool Bold, bool Italic, int Font, string Color)[] chars =
        [
            (Chars.Normal, 1000, false, false, 0, "#000000"),
            (Chars.Bold, 1000, true, false, 0, "#000000"),
            (Chars.Italic, 1000, false, true, 0, "#000000"),
            (Chars.BoldItalic, 1000, true, true, 0, "#000000"),
            (Chars.Code, 950, false, false, 1, "#333333"),
            (Chars.Title, 2000, true, false, 1, "#000000"),
            (Chars.Subtitle, 1200, false, false, 1, "#333333"),
            (Chars.Heading1, 1600, true, false, 1, "#1A3D7C"),
            (Chars.Heading2, 1400, true, false, 1, "#000000"),
            (Chars.Heading3, 1200, true, false, 1, "#000000"),
            (Chars.Heading4, 1100, true, false, 1, "#000000"),
            (Chars.Warning, 1000, true, false, 1, "#B45309"),
            (Chars.TableHeader, 950, true, false, 1, "#000000"),
            (Chars.TableCell, 950, false, false, 0, "#000000"),
        ];
        w.WriteStartElement("hh", "charProperties", Hh);
        Attrs(w, ("itemCnt", chars.Length.ToString(CultureInfo.InvariantCulture)));
        foreach (var c in chars)
        {
            CharPr(w, c.Id, c.Height, c.Bold, c.Italic, c.Font, c.Color);
        }
        w.WriteEndElement();

        w.WriteStartElement("hh", "tabProperties", Hh);
        Attrs(w, ("itemCnt", "1"));
        Empty(w, Hh, "hh", "tabPr", ("id", "0"), ("autoTabLeft", "0"), ("autoTabRight", "0"));
        w.WriteEndElement();

        // The outline shape the section refers to (outlineShapeIDRef): Hangul's Korean outline levels.
        w.WriteStartElement("hh", "numberings", Hh);
        Attrs(w, ("itemCnt", "1"));
        w.WriteStartElement("hh", "numbering", Hh);
        Attrs(w, ("id", "1"), ("start", "0"));
        (string Format, string Text)[] levels =
            [("DIGIT", "^1."), ("HANGUL_SYLLABLE", "^2."), ("DIGIT", "^3)"), ("HANGUL_SYLLABLE", "^4)"), ("DIGIT", "(^5)"), ("HANGUL_SYLLABLE", "(^6)"), ("CIRCLED_DIGIT", "^7")];
        for (var level = 0; level < levels.Length; level++)
        {
            w.WriteStartElement("hh", "paraHead", Hh);
            Attrs(w, ("start", "1"), ("level", (level + 1).ToString(CultureInfo.InvariantCulture)), ("align", "LEFT"), ("useInstWidth", "1"), ("autoIndent", "1"),
                ("widthAdjust", "0"), ("textOffsetType", "PERCENT"), ("textOffset", "50"), ("numFormat", levels[level].Format), ("charPrIDRef", "4294967295"), ("checkable", "0"));
            w.WriteString(levels[level].Text);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("hh", "paraProperties", Hh);
        Attrs(w, ("itemCnt", "9"));
        ParaPr(w, Paras.Normal, "JUSTIFY", left: 0, indent: 0, before: 0, after: 600, keepWithNext: false, lineSpacing: 160);
        ParaPr(w, Paras.Center, "CENTER", left: 0, indent: 0, before: 0, after: 800, keepWithNext: false, lineSpacing: 160);
        ParaPr(w, Paras.Heading, "LEFT", left: 0, indent: 0, before: 1600, after: 600, keepWithNext: true, lineSpacing: 150);
        for (var level = 1; level <= Paras.MaxIndent - Paras.FirstIndent + 1; level++)
        {
            ParaPr(w, Paras.FirstIndent + level - 1, "JUSTIFY", left: 2000 * level, indent: -1400, before: 0, after: 300, keepWithNext: false, lineSpacing: 160);
        }
        ParaPr(w, 6, "JUSTIFY", left: 3000, indent: 0, before: 0, after: 300, keepWithNext: false, lineSpacing: 160);
        ParaPr(w, 7, "LEFT", left: 1000, indent: 0, before: 0, after: 0, keepWithNext: false, lineSpacing: 130);
        ParaPr(w, Paras.Cell, "LEFT", left: 0, indent: 0, before: 0, after: 0, keepWithNext: false, lineSpacing: 130);
        w.WriteEndElement();

        w.WriteStartElement("hh", "styles", Hh);
        Attrs(w, ("itemCnt", "1"));
        Empty(w, Hh, "hh", "style", ("id", "0"), ("type", "PARA"), ("name", "바탕글"), ("engName", "Normal"), ("paraPrIDRef", "0"),
            ("charPrIDRef", "0"), ("nextStyleIDRef", "0"), ("langID", "1042"), ("lockForm", "0"));
        w.WriteEndElement();

        w.WriteEndElement(); // refList
        w.WriteStartElement("hh", "compatibleDocument", Hh);
        Attrs(w, ("targetProgram", "HWP201X"));
        Empty(w, Hh, "hh", "layoutCompatibility");
        w.WriteEndElement();
        w.WriteStartElement("hh", "docOption", Hh);
        Empty(w, Hh, "hh", "linkinfo", ("path", string.Empty), ("pageInherit", "0"), ("footnoteInherit", "0"));
        w.WriteEndElement();
        w.WriteEndElement(); // head
    }

    private static void BorderFill(XmlWriter w, int id, string line, string? fill)
    {
        w.WriteStartElement("hh", "borderFill", Hh);
        Attrs(w, ("id", id.ToString(CultureInfo.InvariantCulture)), ("threeD", "0"), ("shadow", "0"), ("centerLine", "NONE"), ("breakCellSeparateLine", "0"));
        Empty(w, Hh, "hh", "slash", ("type", "NONE"), ("Crooked", "0"), ("isCounter", "0"));
        Empty(w, Hh, "hh", "backSlash", ("type", "NONE"), ("Crooked", "0"), ("isCounter", "0"));
        foreach (var side in new[] { "leftBorder", "rightBorder", "topBorder", "bottomBorder" })
        {
            Empty(w, Hh, "hh", side, ("type", line), ("width", "0.12 mm"), ("color", "#000000"));
        }
        Empty(w, Hh, "hh", "diagonal", ("type", "SOLID"), ("width", "0.1 mm"), ("color", "#000000"));
        if (fill is not null)
        {
            w.WriteStartElement("hc", "fillBrush", Hc);
            Empty(w, Hc, "hc", "winBrush", ("faceColor", fill), ("hatchColor", "#999999"), ("alpha", "0"));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void CharPr(XmlWriter w, int id, int height, bool bold, bool italic, int font, string color)
    {
        w.WriteStartElement("hh", "charPr", Hh);
        Attrs(w, ("id", id.ToString(CultureInfo.InvariantCulture)), ("height", height.ToString(CultureInfo.InvariantCulture)), ("textColor", color),
            ("shadeColor", "none"), ("useFontSpace", "0"), ("useKerning", "0"), ("symMark", "NONE"), ("borderFillIDRef", "2"));
        var f = font.ToString(CultureInfo.InvariantCulture);
        Empty(w, Hh, "hh", "fontRef", ("hangul", f), ("latin", f), ("hanja", f), ("japanese", f), ("other", f), ("symbol", f), ("user", f));
        Empty(w, Hh, "hh", "ratio", ("hangul", "100"), ("latin", "100"), ("hanja", "100"), ("japanese", "100"), ("other", "100"), ("symbol", "100"), ("user", "100"));
        Empty(w, Hh, "hh", "spacing", ("hangul", "0"), ("latin", "0"), ("hanja", "0"), ("japanese", "0"), ("other", "0"), ("symbol", "0"), ("user", "0"));
        Empty(w, Hh, "hh", "relSz", ("hangul", "100"), ("latin", "100"), ("hanja", "100"), ("japanese", "100"), ("other", "100"), ("symbol", "100"), ("user", "100"));
        Empty(w, Hh, "hh", "offset", ("hangul", "0"), ("latin", "0"), ("hanja", "0"), ("japanese", "0"), ("other", "0"), ("symbol", "0"), ("user", "0"));
        if (italic)
        {
            Empty(w, Hh, "hh", "italic");
        }
        if (bold)
        {
            Empty(w, Hh, "hh", "bold");
        }
        Empty(w, Hh, "hh", "underline", ("type", "NONE"), ("shape", "SOLID"), ("color", "#000000"));
        Empty(w, Hh, "hh", "strikeout", ("shape", "NONE"), ("color", "#000000"));
        Empty(w, Hh, "hh", "outline", ("type", "NONE"));
        Empty(w, Hh, "hh", "shadow", ("type", "NONE"), ("color", "#C0C0C0"), ("offsetX", "10"), ("offsetY", "10"));
        w.WriteEndElement();
    }

    private static void ParaPr(XmlWriter w, int id, string align, int left, int indent, int before, int after, bool keepWithNext, int lineSpacing)
    {
        w.WriteStartElement("hh", "paraPr", Hh);
        Attrs(w, ("id", id.ToString(CultureInfo.InvariantCulture)), ("tabPrIDRef", "0"), ("condense", "0"), ("fontLineHeight", "0"), ("snapToGrid", "1"),
            ("suppressLineNumbers", "0"), ("checked", "0"), ("textDir", "LTR"));
        Empty(w, Hh, "hh", "align", ("horizontal", align), ("vertical", "BASELINE"));
        Empty(w, Hh, "hh", "heading", ("type", "NONE"), ("idRef", "0"), ("level", "0"));
        Empty(w, Hh, "hh", "breakSetting", ("breakLatinWord", "KEEP_WORD"), ("breakNonLatinWord", "KEEP_WORD"), ("widowOrphan", "0"),
            ("keepWithNext", keepWithNext ? "1" : "0"), ("keepLines", "0"), ("pageBreakBefore", "0"), ("lineWrap", "BREAK"));
        Empty(w, Hh, "hh", "autoSpacing", ("eAsianEng", "0"), ("eAsianNum", "0"));
        // Hangul 2016+ reads the case (HWPUNIT per character unit); older readers the default, in twice the units.
        w.WriteStartElement("hp", "switch", Hp);
        w.WriteStartElement("hp", "case", Hp);
        w.WriteAttributeString("hp", "required-namespace", Hp, "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar");
        Margin(w, left, indent, before, after, lineSpacing);
        w.WriteEndElement();
        w.WriteStartElement("hp", "default", Hp);
        Margin(w, left * 2, indent * 2, before * 2, after * 2, lineSpacing);
        w.WriteEndElement();
        w.WriteEndElement();
        Empty(w, Hh, "hh", "border", ("borderFillIDRef", "2"), ("offsetLeft", "0"), ("offsetRight", "0"), ("offsetTop", "0"), ("offsetBottom", "0"),
            ("connect", "0"), ("ignoreMargin", "0"));
        w.WriteEndElement();
    }

    private static void Margin(XmlWriter w, int left, int indent, int before, int after, int lineSpacing)
    {
        w.WriteStartElement("hh", "margin", Hh);
        foreach (var (name, value) in new[] { ("intent", indent), ("left", left), ("right", 0), ("prev", before), ("next", after) })
        {
            Empty(w, Hc, "hc", name, ("value", value.ToString(CultureInfo.InvariantCulture)), ("unit", "HWPUNIT"));
        }
        w.WriteEndElement();
        Empty(w, Hh, "hh", "lineSpacing", ("type", "PERCENT"), ("value", lineSpacing.ToString(CultureInfo.InvariantCulture)), ("unit", "HWPUNIT"));
    }
}

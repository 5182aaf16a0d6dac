"""A structural check of the PDF/A-2b requirements, with pikepdf: independent of typst.

veraPDF (the reference validator) cannot be fetched here (no Maven access), so the tests
check the claim with qpdf's reading of the file (through pikepdf) against the clauses of
ISO 19005-2:2011 (PDF/A-2) that level B requires and that can be read from the file's
structure. ``problems(pdf)`` lists every breach found; an empty list means all passed.

Checked (the clause of ISO 19005-2 in brackets):

- the header: ``%PDF-1.n`` with n at most 7, then a comment of at least four bytes above
  127 (6.1.2); the file ends with ``%%EOF`` (6.1.3); the trailer has an ``/ID`` and no
  ``/Encrypt`` (6.1.3);
- no stream refers to an external file (``/F``, ``/FFilter``, ``/FDecodeParms``), none is
  LZW-encoded or uses the Crypt filter (6.1.7);
- output intents: at least one ``/GTS_PDFA1`` intent with an embedded ICC profile, every
  such intent the same profile (6.2.3); the profile is ICC version 4 or earlier, of the
  class ``mntr`` or ``prtr``, RGB, CMYK or grey, with ``/N`` agreeing (6.2.3);
  DeviceRGB or DeviceCMYK used only with an output intent of that colour space (6.2.4.3);
- every font embedded: each non-Type3 font (and each CIDFont under a Type0 font) has a
  font descriptor with ``/FontFile``, ``/FontFile2`` or ``/FontFile3`` (6.2.11.4.1); a
  CIDFontType2 has a ``/CIDToGIDMap`` (6.2.11.3.2);
- images and XObjects: no PostScript XObjects, no ``/OPI``, no ``/Alternates``, no
  ``/Interpolate true``, no reference XObjects (6.2.8, 6.2.9); blend modes are the
  standard ones (6.2.10);
- annotations: no forbidden types; ``/F`` present with Print set and Hidden, Invisible,
  NoView and ToggleNoView clear; an appearance dictionary, holding ``/N`` only, unless a
  Popup, a Link or a zero-size rectangle (6.3.1 to 6.3.3);
- interactive forms: no ``/NeedAppearances true``, no XFA (6.4.1, 6.4.2); ``/Perms`` holds
  only ``/DocMDP`` or ``/UR3`` (6.4.2);
- signatures: ``/SubFilter`` ``adbe.pkcs7.detached`` or ``ETSI.CAdES.detached``; the byte
  range covers the whole file but the ``/Contents`` value; the CMS holds one SignerInfo and
  the signer's certificate, once (6.4.3);
- actions: no Launch, Sound, Movie, ResetForm, ImportData, Hide, SetOCGState, Rendition,
  Trans, GoTo3DView or JavaScript action; named actions only NextPage, PrevPage,
  FirstPage, LastPage; no ``/AA`` on the catalog, pages, fields or annotations; no
  document JavaScript and no embedded files (6.5.1, 6.5.2, 6.8);
- metadata: the catalog has an XMP ``/Metadata`` stream, unfiltered, whose packet header
  has no ``bytes`` or ``encoding`` attribute, with ``pdfaid:part`` 2 and
  ``pdfaid:conformance`` B; every Info entry (Title, Author, Subject, Keywords, Creator,
  Producer, CreationDate, ModDate) equal to its XMP counterpart (6.6.2, 6.6.3, 6.6.4);
- optional content: each configuration has a ``/Name`` and no ``/AS`` (6.9).

Not checked (they need a renderer or a font parser): that every glyph used is in the
embedded font program and its widths agree (6.2.11.4, 6.2.11.5), content-stream limits
(6.1.13), and XMP extension-schema syntax beyond being well-formed (6.6.2.3).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import ParseError

import pikepdf
from asn1crypto import cms
from defusedxml import ElementTree

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
FORBIDDEN_ACTIONS = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/JavaScript",
}
NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
FORBIDDEN_ANNOTATIONS = {"/Sound", "/Movie", "/Screen", "/3D", "/TrapNet", "/FileAttachment"}
BLEND_MODES = {
    "/Normal",
    "/Compatible",
    "/Multiply",
    "/Screen",
    "/Overlay",
    "/Darken",
    "/Lighten",
    "/ColorDodge",
    "/ColorBurn",
    "/HardLight",
    "/SoftLight",
    "/Difference",
    "/Exclusion",
    "/Hue",
    "/Saturation",
    "/Color",
    "/Luminosity",
}
ICC_SPACES = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1}
#: Annotation flags: Invisible 1, Hidden 2, Print 4, NoView 32, ToggleNoView 256.
PRINT, HIDDEN_FLAGS = 4, 1 | 2 | 32 | 256


def problems(pdf: bytes) -> list[str]:
    """Every PDF/A-2b requirement (of those above) that ``pdf`` breaks."""
    found: list[str] = []
    found += _header(pdf)
    with pikepdf.open(BytesIO(pdf)) as doc:
        found += _trailer(doc)
        found += _objects(doc)
        intent_space = _output_intents(doc, found)
        found += _device_colours(doc, intent_space)
        found += _catalog(doc)
        found += _metadata(doc)
        found += _signatures(doc, pdf)
    return found


def _header(pdf: bytes) -> list[str]:
    found = []
    match = re.match(rb"%PDF-1\.(\d)\r?\n%([^\r\n]*)\r?\n", pdf)
    if match is None:
        return ["6.1.2: the header is not %PDF-1.n followed by a binary comment"]
    if int(match.group(1)) > 7:
        found.append(f"6.1.2: PDF version 1.{match.group(1).decode()} is above 1.7")
    if sum(1 for b in match.group(2) if b > 127) < 4:
        found.append("6.1.2: the comment after the header has fewer than 4 bytes above 127")
    if not pdf.rstrip(b"\r\n").endswith(b"%%EOF"):
        found.append("6.1.3: data after the last %%EOF")
    return found


def _trailer(doc: pikepdf.Pdf) -> list[str]:
    found = []
    if "/Encrypt" in doc.trailer:
        found.append("6.1.3: the file is encrypted")
    if "/ID" not in doc.trailer:
        found.append("6.1.3: the trailer has no /ID")
    return found


def _name(value: Any) -> str:
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _dictionaries(doc: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
    """Every dictionary of the file, indirect or nested, as (object, its dictionary)."""

    def nested(obj: pikepdf.Object) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
        if isinstance(obj, pikepdf.Stream):
            yield obj, obj.stream_dict
            children = list(obj.stream_dict.values())
        elif isinstance(obj, pikepdf.Dictionary):
            yield obj, obj
            children = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            return
        for child in children:
            if isinstance(child, pikepdf.Object) and not child.is_indirect:
                yield from nested(child)

    for obj in doc.objects:
        yield from nested(obj)


def _objects(doc: pikepdf.Pdf) -> list[str]:
    found: list[str] = []
    for obj, d in _dictionaries(doc):
        where = f"object {obj.objgen[0]}" if obj.is_indirect else "a direct dictionary"
        if isinstance(obj, pikepdf.Stream):
            for key in ("/F", "/FFilter", "/FDecodeParms"):
                if key in d:
                    found.append(f"6.1.7: {where} refers to an external file ({key})")
            filters = d.get("/Filter")
            names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else []
            if isinstance(filters, pikepdf.Name):
                names = [str(filters)]
            if {"/LZWDecode", "/Crypt"} & set(names):
                found.append(f"6.1.7: {where} uses a forbidden filter {names}")
        kind, subtype = _name(d.get("/Type")), _name(d.get("/Subtype"))
        if kind == "/Font" or (subtype in {"/Type1", "/TrueType", "/MMType1"} and "/BaseFont" in d):
            found += _font(d, where)
        if subtype == "/PS" or "/OPI" in d or "/Alternates" in d or "/Ref" in d:
            found.append(f"6.2.9: {where} is a PostScript, OPI, alternate or reference XObject")
        if d.get("/Interpolate") is True:
            found.append(f"6.2.8: {where} sets /Interpolate true")
        blend = d.get("/BM")
        modes = [str(m) for m in blend] if isinstance(blend, pikepdf.Array) else [_name(blend)]
        if blend is not None and not set(modes) <= BLEND_MODES:
            found.append(f"6.2.10: {where} uses the blend mode {modes}")
        if "/AA" in d and ("/Annots" in d or kind in {"/Catalog", "/Page", "/Annot"} or "/FT" in d):
            found.append(f"6.5.2: {where} has additional actions (/AA)")
        if kind == "/Annot" or subtype in {"/Widget", "/Link", "/Popup"}:
            found += _annotation(d, where)
        action = _name(d.get("/S"))
        if action in FORBIDDEN_ACTIONS:
            found.append(f"6.5.1: {where} is a {action} action")
        if action == "/Named" and _name(d.get("/N")) not in NAMED_ACTIONS:
            found.append(f"6.5.1: {where} is a named action {d.get('/N')}")
    return found


def _font(d: pikepdf.Object, where: str) -> list[str]:
    subtype = _name(d.get("/Subtype"))
    if subtype == "/Type3":
        return []
    if subtype == "/Type0":
        found = []
        for cid_font in d.get("/DescendantFonts", []):
            found += _font(cid_font, where)
        return found
    descriptor = d.get("/FontDescriptor")
    name = d.get("/BaseFont")
    if descriptor is None or not any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
    ):
        return [f"6.2.11.4.1: the font {name} ({where}) is not embedded"]
    if subtype == "/CIDFontType2" and "/CIDToGIDMap" not in d:
        return [f"6.2.11.3.2: the CIDFontType2 font {name} has no /CIDToGIDMap"]
    return []


def _annotation(d: pikepdf.Object, where: str) -> list[str]:
    subtype = _name(d.get("/Subtype"))
    found = []
    if subtype in FORBIDDEN_ANNOTATIONS:
        found.append(f"6.3.1: {where} is a {subtype} annotation")
    if subtype == "/Popup":
        return found
    flags = int(d.get("/F", 0))
    if "/F" not in d or not flags & PRINT or flags & HIDDEN_FLAGS:
        found.append(f"6.3.2: {where} ({subtype}) lacks Print or is hidden (/F {flags})")
    rect = [float(x) for x in d.get("/Rect", [0, 0, 0, 0])]
    zero = rect[2] - rect[0] == 0 and rect[3] - rect[1] == 0
    appearance = d.get("/AP")
    if appearance is None and subtype != "/Link" and not zero:
        found.append(f"6.3.3: {where} ({subtype}) has no appearance dictionary")
    if appearance is not None and set(appearance.keys()) != {"/N"}:
        found.append(f"6.3.3: {where} has appearances other than /N")
    return found


def _output_intents(doc: pikepdf.Pdf, found: list[str]) -> str:
    """The colour space of the PDF/A output intent's profile ("" if none); breaches noted."""
    intents = [i for i in doc.Root.get("/OutputIntents", []) if _name(i.get("/S")) == "/GTS_PDFA1"]
    if not intents:
        found.append("6.2.3: no /GTS_PDFA1 output intent")
        return ""
    profiles = {i.get("/DestOutputProfile").objgen for i in intents if "/DestOutputProfile" in i}
    if len(profiles) != 1 or len(intents) != sum(1 for i in intents if "/DestOutputProfile" in i):
        found.append("6.2.3: the PDF/A output intents do not share one embedded ICC profile")
        return ""
    stream = intents[0].DestOutputProfile
    icc = stream.read_bytes()
    space = icc[16:20]
    if len(icc) < 128 or icc[36:40] != b"acsp":
        found.append("6.2.3: the output intent's profile is not an ICC profile")
        return ""
    if icc[8] > 4:
        found.append(f"6.2.3: the ICC profile's version {icc[8]} is above 4")
    if icc[12:16] not in {b"mntr", b"prtr"}:
        found.append(f"6.2.3: the ICC profile's class is {icc[12:16]!r}, not mntr or prtr")
    if space not in ICC_SPACES or int(stream.stream_dict.get("/N", 0)) != ICC_SPACES[space]:
        found.append(f"6.2.3: the ICC profile's colour space {space!r} disagrees with /N")
    return space.decode("ascii").strip()


def _device_colours(doc: pikepdf.Pdf, intent: str) -> list[str]:
    used: set[str] = set()
    for _obj, d in _dictionaries(doc):
        for value in d.values():
            if isinstance(value, pikepdf.Name) and str(value) in {"/DeviceRGB", "/DeviceCMYK"}:
                used.add(str(value)[7:])
    operators = {"rg": "RGB", "RG": "RGB", "k": "CMYK", "K": "CMYK"}
    for page in doc.pages:
        for instruction in pikepdf.parse_content_stream(page):
            if (space := operators.get(str(instruction.operator))) is not None:
                used.add(space)
    return [
        f"6.2.4.3: Device{space} is used but the output intent is {intent or 'missing'}"
        for space in sorted(used)
        if space != intent
    ]


def _catalog(doc: pikepdf.Pdf) -> list[str]:
    found = []
    root = doc.Root
    names = root.get("/Names", {})
    if "/JavaScript" in names or "/EmbeddedFiles" in names:
        found.append("6.5.1/6.8: the catalog names JavaScript or embedded files")
    form = root.get("/AcroForm")
    if form is not None:
        if form.get("/NeedAppearances") is True:
            found.append("6.4.1: the form sets /NeedAppearances true")
        if "/XFA" in form:
            found.append("6.4.2: the form holds XFA")
    if "/Perms" in root and not set(root.Perms.keys()) <= {"/DocMDP", "/UR3"}:
        found.append(f"6.4.2: /Perms holds {sorted(root.Perms.keys())}")
    for config in _oc_configs(root):
        if "/Name" not in config or "/AS" in config:
            found.append("6.9: an optional-content configuration lacks /Name or has /AS")
    return found


def _oc_configs(root: pikepdf.Object) -> list[pikepdf.Object]:
    properties = root.get("/OCProperties")
    if properties is None:
        return []
    return [properties.D, *properties.get("/Configs", [])]


def xmp_values(doc: pikepdf.Pdf) -> dict[str, str]:
    """The XMP properties the Info dictionary has counterparts for, and pdfaid's, as text."""
    packet = doc.Root.Metadata.read_bytes().decode("utf-8")
    root = ElementTree.fromstring(packet[packet.index("<x:xmpmeta") :].split("<?xpacket end")[0])
    values: dict[str, str] = {}
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for key, value in description.attrib.items():
            values.setdefault(key, value)
        for child in description:
            items = [li.text or "" for li in child.iter(f"{{{NS['rdf']}}}li")]
            values.setdefault(child.tag, items[0] if items else (child.text or "").strip())
    return values


def _metadata(doc: pikepdf.Pdf) -> list[str]:
    stream = doc.Root.get("/Metadata")
    if stream is None:
        return ["6.6.2: the catalog has no XMP /Metadata"]
    found = []
    if "/Filter" in stream.stream_dict:
        found.append("6.6.2.1: the metadata stream is filtered")
    header = stream.read_bytes()[:200].decode("utf-8", "replace").split("?>")[0]
    if "bytes=" in header or "encoding=" in header:
        found.append("6.6.2.1: the xpacket header has bytes or encoding attributes")
    try:
        values = xmp_values(doc)
    except (ParseError, ValueError) as exc:
        return [*found, f"6.6.2.1: the XMP is not well-formed: {exc}"]
    part = values.get(f"{{{NS['pdfaid']}}}part")
    conformance = values.get(f"{{{NS['pdfaid']}}}conformance")
    if part != "2" or conformance != "B":
        found.append(f"6.6.4: pdfaid part {part!r} conformance {conformance!r}, not 2 and B")
    pairs = {
        "/Title": "dc}title",
        "/Author": "dc}creator",
        "/Subject": "dc}description",
        "/Keywords": "pdf}Keywords",
        "/Creator": "xmp}CreatorTool",
        "/Producer": "pdf}Producer",
        "/CreationDate": "xmp}CreateDate",
        "/ModDate": "xmp}ModifyDate",
    }
    for key, xmp in pairs.items():
        if key not in doc.docinfo:
            continue
        prefix, local = xmp.split("}")
        theirs = values.get(f"{{{NS[prefix]}}}{local}")
        ours = str(doc.docinfo[key])
        same = (
            _pdf_date(ours) == _xmp_date(theirs)
            if key.endswith("Date") and theirs
            else ours == theirs
        )
        if not same:
            found.append(f"6.6.3: Info {key} {ours!r} differs from XMP {prefix}:{local} {theirs!r}")
    return found


def _pdf_date(value: str) -> dt.datetime | None:
    match = re.match(r"D:(\d{14})(Z|[+-]\d\d'\d\d'?)?", value)
    if match is None:
        return None
    zone = (match.group(2) or "Z").replace("'", "")
    zone = "+0000" if zone == "Z" else zone
    return dt.datetime.strptime(match.group(1) + zone, "%Y%m%d%H%M%S%z")


def _xmp_date(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _signatures(doc: pikepdf.Pdf, pdf: bytes) -> list[str]:
    found = []
    for field in doc.Root.get("/AcroForm", {}).get("/Fields", []):
        value = field.get("/V")
        if _name(field.get("/FT")) != "/Sig" or value is None:
            continue
        if _name(value.get("/SubFilter")) not in {"/adbe.pkcs7.detached", "/ETSI.CAdES.detached"}:
            found.append(f"6.4.3: the signature's SubFilter is {value.get('/SubFilter')}")
        start, first, second, rest = (int(x) for x in value.ByteRange)
        contents = bytes(value.Contents)
        if start != 0 or second + rest != len(pdf) or second - first != 2 * len(contents) + 2:
            found.append("6.4.3: the signature's byte range leaves more than /Contents out")
        # The DER value and its zero padding: load() reads the value and ignores the rest
        # (stripping zeros would cut a value that ends in a zero byte).
        signed = cms.ContentInfo.load(contents)["content"]
        if len(signed["signer_infos"]) != 1:
            found.append("6.4.3: the signature does not hold exactly one SignerInfo")
        sid = signed["signer_infos"][0]["sid"].chosen
        matching = [
            c
            for c in signed["certificates"]
            if c.name == "certificate"
            and c.chosen.issuer == sid["issuer"]
            and c.chosen.serial_number == sid["serial_number"].native
        ]
        if len(matching) != 1:
            found.append(f"6.4.3: the CMS holds the signer's certificate {len(matching)} times")
    return found


def text_of(pdf: bytes) -> str:
    """The file's text, read by pypdf (to see what each language part says)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)

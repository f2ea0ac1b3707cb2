"""Builds conditional-xlsform.xlsx, the worked XLSForm example of surveys/README.md, by hand (not by
dra): python3 surveys/examples/conditional-xlsform.py (needs openpyxl, which pyxform brings)."""

from pathlib import Path

import openpyxl

ES, EN = "Español (es)", "English (en)"
wb = openpyxl.Workbook()


def sheet(name, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet(name)
    ws.title = name
    ws.append(header)
    for r in rows:
        ws.append(r)


sheet(
    "survey",
    ["type", "name", f"label::{ES}", f"label::{EN}", f"hint::{ES}", f"hint::{EN}", "required", "relevant",
     "constraint", "appearance", "dra_subpillar", "dra_pillar", "dra_profile", "dra_reverse", f"dra_unit::{ES}",
     f"dra_unit::{EN}"],
    [
        ["start", "start"],
        ["note", "intro", "Gracias por participar en esta consulta.", "Thank you for taking part in this consultation."],
        ["note", "consent", "Acepto que mis respuestas se usen de forma anónima.", "I agree that my answers are used anonymously."],
        ["begin_group", "about", "Sobre usted", "About you", None, None, None, None, None, "field-list"],
        ["select_one sectors", "group", "¿Desde qué sector responde?", "Which sector are you answering from?",
         None, None, "yes", None, None, None, None, None, "group"],
        ["integer", "staff", "¿Cuántas personas trabajan en su organización?", "How many people work in your organisation?",
         "Un número aproximado basta.", "A rough number is enough.", None, None, ". >= 1 and . <= 100000", None,
         None, None, None, None, "personas", "people"],
        ["end_group"],
        ["begin_group", "access", "Acceso", "Access", None, None, None, None, None, "field-list"],
        ["select_one scale", "broadband", "¿Dónde hay banda ancha confiable?", "Where is reliable broadband available?",
         None, None, "yes", None, None, None, "connectivity", "infrastructure"],
        ["end_group"],
        # A condition reads answers of earlier pages: what depends on broadband is on the next page.
        ["begin_group", "infra", "Infraestructura", "Infrastructure", None, None, None, None, None, "field-list"],
        ["select_one often", "outages", "¿Con qué frecuencia se queda sin internet?", "How often do you lose internet access?",
         None, None, None, "not(${broadband} = 'dk')", None, None, "connectivity", "infrastructure", None, "yes"],
        ["select_multiple tools", "tools", "¿Qué herramientas usa?", "Which tools do you use?", None, None, None,
         None, "count-selected(.) <= 2"],
        ["text", "broadband_comment", "¿Qué falta para mejorar la conexión?", "What is missing for a better connection?",
         None, None, None, "${broadband} = '1' or ${broadband} = '2'", "string-length(.) <= 500", None, "connectivity"],
        ["end_group"],
        ["begin_group", "gov", "Gobierno", "Government", None, None, None, "${group} = 'public'", None, "field-list"],
        ["select_one scale", "services", "¿Cuántos trámites se pueden hacer en línea?", "How many procedures can be done online?",
         None, None, "yes", None, None, None, "services", "government"],
        ["decimal", "budget_share", "¿Qué parte del presupuesto va a tecnología (%)?", "What share of the budget goes to technology (%)?",
         None, None, None, "selected(${tools}, 'cloud') and ${staff} >= 10", ". >= 0 and . <= 100"],
        ["end_group"],
    ],
    first=True,
)

scale = [
    (1, "Casi en ningún lugar", "Almost nowhere"),
    (2, "Solo en la capital", "Only in the capital"),
    (3, "En las cabeceras", "In the main towns"),
    (4, "En la mayoría de municipios", "In most municipalities"),
    (5, "En todo el país", "Nationwide"),
]
sheet(
    "choices",
    ["list_name", "name", f"label::{ES}", f"label::{EN}", "dra_score", "dra_missing"],
    [
        ["sectors", "public", "Sector público", "Public sector"],
        ["sectors", "private", "Sector privado", "Private sector"],
        ["sectors", "civil_society", "Sociedad civil", "Civil society"],
        ["sectors", "academia", "Academia", "Academia"],
        ["sectors", "international", "Cooperación internacional", "International cooperation"],
        ["sectors", "citizen", "Ciudadanía", "Citizen"],
        *[["scale", n, es, en] for n, es, en in scale],
        ["scale", "dk", "No sé", "Don't know", None, "dont_know"],
        ["often", "never", "Nunca", "Never", 1],
        ["often", "monthly", "Cada mes", "Every month", 2],
        ["often", "weekly", "Cada semana", "Every week", 3],
        ["often", "na", "No aplica", "Not applicable", None, "not_applicable"],
        ["tools", "email", "Correo electrónico", "Email"],
        ["tools", "cloud", "Servicios en la nube", "Cloud services"],
        ["tools", "erp", "Sistema de gestión", "Management system"],
    ],
)

sheet(
    "settings",
    ["form_title", "form_id", "version", "default_language", "dra_min_coverage", "dra_minutes"],
    [["Conditional example", "conditional-example", "1.0.0", ES, 0.5, 5]],
)

sheet(
    "dra",
    ["type", "name", f"label::{ES}", f"label::{EN}", f"description::{ES}", f"description::{EN}", "weight"],
    [
        ["title", None, "Evaluación con condiciones", "Assessment with conditions"],
        ["description", None, "Un ejemplo de XLSForm para dra.", "An XLSForm example for dra."],
        ["stage", None, "Básico", "Basic"],
        ["stage", None, "Oportunista", "Opportunistic"],
        ["stage", None, "Sistemático", "Systematic"],
        ["stage", None, "Diferenciador", "Differentiating"],
        ["stage", None, "Transformacional", "Transformational"],
        ["pillar", "infrastructure", "Infraestructura", "Infrastructure", "Conectividad del país.", "The country's connectivity."],
        ["subpillar", "connectivity", "Conectividad", "Connectivity"],
        ["pillar", "government", "Gobierno", "Government", None, None, 2],
        ["subpillar", "services", "Servicios digitales", "Digital services"],
    ],
)

wb.save(Path(__file__).with_suffix(".xlsx"))

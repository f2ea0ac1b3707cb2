# Los mensajes de dra en español.

language-name = Español

## accounts

accounts-active = activo
accounts-add-shows-a-one-time-password = Agregar (muestra una contraseña de un solo uso)
accounts-api-tokens = Tokens de la API
accounts-change-role = Cambiar rol
accounts-disable = Desactivar
accounts-disabled = desactivado
accounts-enable = Activar
accounts-new-user = Nuevo usuario
accounts-no-token-dra-token-create-makes = Ningún token. `dra token create` crea uno.
accounts-revoke = Revocar
accounts-role = Rol
accounts-users = Usuarios

## campaign

campaign-settings-a-preview-of-what-you-wrote = Vista previa de lo escrito: aún no se guardó nada.
campaign-settings-as-a-sample-participant-receives-it = Así lo recibe una participante de ejemplo
campaign-settings-built-in-text = texto de fábrica
campaign-settings-closes-the-campaign-s-local-time = Cierra (hora local de la consulta)
campaign-settings-closing = Cierre
campaign-settings-empty-no-closing-date = Vacío: sin fecha de cierre.
campaign-settings-every-how-many-days-empty-none = Cada cuántos días (vacío: ninguno)
campaign-settings-how-many-at-most-0-to = Cuántos como máximo (0 a 10)
campaign-settings-invitation = Invitación
campaign-settings-invitations-and-reminders-go-out-only = Las invitaciones y los recordatorios salen solo en este horario, en la hora local de la consulta: 08:00-17:00, o 08:00-17:00 mon-fri para días hábiles. Vacío: a cualquier hora. Los agradecimientos salen siempre enseguida.
campaign-settings-mail-texts = Textos de los correos
campaign-settings-manage = Gestionar
campaign-settings-ministry-of-example = Ministerio de Ejemplo
campaign-settings-not-found = No encontrado
campaign-settings-nothing-changed = Nada cambió.
campaign-settings-opt-out = BAJA
campaign-settings-own-text = texto propio
campaign-settings-personal-link = ENLACE-PERSONAL
campaign-settings-placeholders-replaced-when-sending-the-invitation = Marcadores que se reemplazan al enviar; la invitación y el recordatorio deben llevar {"{"}{"{"}link{"}"}{"}"}, y todos {"{"}{"{"}optout_link{"}"}{"}"}:
campaign-settings-preview = Vista previa
campaign-settings-reminder = Recordatorio
campaign-settings-reminders = Recordatorios
campaign-settings-save-the-settings = Guardar los ajustes
campaign-settings-sending-window = Horario de envío
campaign-settings-settings = Ajustes
campaign-settings-settings-saved = Ajustes guardados.
campaign-settings-subject = Asunto
campaign-settings-text = Texto
campaign-settings-thank-you = Agradecimiento
campaign-settings-the-campaign-is-closed-or-archived = La consulta está cerrada o archivada: sus ajustes ya no cambian.

## console

console-audit-log = Registro de auditoría
console-auth-at-least-12-characters-other-open = Al menos 12 caracteres. Cierra las demás sesiones abiertas.
console-auth-choose-your-password = Elija su contraseña
console-auth-current-password-or-the-one-time = Contraseña actual (o la de un solo uso)
console-auth-new-password = Nueva contraseña
console-auth-password = Contraseña
console-auth-repeat-it = Repítala
console-auth-save = Guardar
console-auth-sign-in = Entrar
console-auth-sign-in-to-the-console = Entrar a la consola
console-auth-the-current-password-is-not-right = La contraseña actual no es correcta.
console-auth-the-session-expired = La sesión venció.
console-auth-the-session-expired-try-again = La sesión venció: vuelva a intentarlo.
console-auth-too-many-attempts-wait-a-minute = Demasiados intentos: espere un minuto.
console-auth-use-at-least-12-characters-the = Use al menos 12 caracteres, iguales en ambos campos.
console-auth-user-name = Usuario
console-auth-wrong-user-name-or-password = Usuario o contraseña incorrectos.
console-auth-your-password-changed-and-your-sessions = Su contraseña cambió y sus sesiones se cerraron: entre con la nueva.
console-campaigns = Campañas
console-manage-questionnaires-campaigns-participants-mailings = Gestionar: cuestionarios, campañas, participantes, envíos
console-no-campaign-yet-dra-campaign-create = Aún no hay campañas: dra campaign create …
console-not-allowed = No permitido
console-sign-out = Salir
console-users-and-tokens = Usuarios y tokens

## form

form-intro-how-long-it-takes = Cuánto toma
form-intro-i-agree-start = Acepto y comienzo
form-intro-i-do-not-agree = No acepto
form-intro-if-you-change-your-mind-open = Si cambia de opinión, vuelva a abrir el enlace mientras la consulta esté abierta.
form-intro-if-you-do-not-wish-to = Si no desea recibir más mensajes sobre esta consulta, use el último enlace de la invitación.
form-intro-if-you-want-to-stop = Si quiere parar
form-intro-nothing-of-yours-was-stored-no = No se guardó nada de usted: ni respuestas ni su decisión.
form-intro-start = Comenzar
form-intro-taking-part-is-voluntary-you-can = Participar es voluntario. Puede dejar de responder en cualquier momento: nada cuenta hasta que envíe. Una vez enviadas, sus respuestas ya no pueden atribuirse a usted, por eso no pueden retirarse.
form-intro-taking-part-is-voluntary-you-can-2 = Participar es voluntario. Puede dejar de responder en cualquier momento: nada cuenta hasta que envíe. Para retirar una respuesta ya enviada, escriba a quien le invitó: se excluye de todos los resultados.
form-intro-the-team-that-runs-the-consultation = El equipo que coordina la consulta puede ver su respuesta para cuidar la calidad de los datos.
form-intro-who-sees-your-answers = Quién ve sus respuestas
form-intro-you-chose-not-to-take-part = Usted no participa
form-intro-your-answers-are-not-linked-to = Sus respuestas no quedan vinculadas a su nombre ni a su dirección: solo se guarda su grupo.
form-intro-your-consent = Su consentimiento
form-page-answer-again-another-person-on-this = Responder otra vez (otra persona en este equipo)
form-page-change-my-answers = Cambiar mis respuestas
form-page-prefer-to-answer-on-paper-print = ¿Prefiere responder en papel? Imprima el cuestionario (PDF)
form-page-see-the-answers-you-submitted = Ver las respuestas que envió
form-page-thank-you-for-taking-part = ¡Gracias por participar!
form-page-the-consultation-is-closed = La consulta está cerrada
form-page-the-consultation-is-not-open-yet = La consulta aún no está abierta.
form-page-the-consultation-opens-on = La consulta abre el
form-page-we-have-received-your-answers-results = Recibimos sus respuestas. Los resultados se publicarán por grupo, nunca de forma individual.
form-page-you-can-change-your-answers-until = Puede cambiar sus respuestas hasta el
form-page-your-answers-were-already-submitted = Sus respuestas ya se habían enviado
form-review-change = Cambiar
form-review-language = Idioma
form-review-not-answered = Sin responder
form-review-page = página
form-review-review-your-answers-before-you-submit = Revise sus respuestas antes de enviar
form-review-submit-answers = Enviar respuestas
form-save-this-submission-was-not-stored-open = Este envío no se guardó. Vuelva a abrir su enlace para ver lo que está guardado.
form-save-too-many-submissions = Demasiados envíos
form-save-wait-a-minute-and-try-again = Espere un minuto y vuelva a intentarlo.
form-save-your-answers-changed-in-another-window = Sus respuestas cambiaron en otra ventana

## pages

pages-link-not-found = Enlace no encontrado
pages-this-link-does-not-belong-to = Este enlace no corresponde a ninguna consulta. Revise que lo haya copiado completo desde su correo.

## participants

participants-bounce = Rebote
participants-bounced = rebotó
participants-corrected = — corregido.
participants-email = Correo
participants-invitation-queued-again-the-same-link = — invitación en cola otra vez (el mismo enlace).
participants-invited = invitado
participants-invited-2 = Invitado
participants-name-empty-clears-it = Nombre (vacío lo borra)
participants-no-participant-matches = Ningún participante coincide.
participants-not-invited = sin invitar
participants-opened = abrió el enlace
participants-opened-2 = Abrió el enlace
participants-organisation-empty-clears-it = Organización (vacío la borra)
participants-participants = Participantes
participants-progress = Avance
participants-queued = en cola
participants-save-the-correction = Guardar la corrección
participants-search-email-name-or-organisation = Buscar (correo, nombre u organización)
participants-send-the-invitation-again = Reenviar la invitación
participants-started = empezó
participants-started-2 = Empezó
participants-submitted = envió
participants-submitted-2 = Envió
participants-their-personal-link-keeps-working-mail = Su enlace personal sigue funcionando; el correo aún en cola va a la dirección corregida. El grupo no cambia una vez que empezó a responder.

## respond

respond-do-you-want-to-stop-receiving = ¿Desea dejar de recibir invitaciones y recordatorios de estas consultas?
respond-done-we-will-send-you-no = Listo: no le enviaremos más mensajes sobre estas consultas.
respond-stop-receiving-messages = Dejar de recibir mensajes
respond-yes-send-me-no-more-messages = Sí, no enviarme más mensajes

## response

response-answers-as-given = Respuestas, como las dio
response-change-in-progress = Cambio en curso
response-exclude-from-the-figures = Excluir de las cifras
response-exclude-this-response = Excluir esta respuesta
response-excluded = Excluida
response-excluded-by = Excluida por
response-excluded-it-leaves-every-figure-and = — excluida: sale de toda cifra y exportación.
response-for-example-test-duplicate-it-appears = Por ejemplo: prueba, duplicada. Aparece en el anexo de método del informe: sin nombres ni correos. La respuesta sale de toda cifra y exportación; la persona sigue viéndola como enviada.
response-last-change = Último cambio
response-not-found = No encontrada
response-not-submitted-yet-it-counts-in = Aún no enviada: no cuenta en ninguna cifra, no hay nada que excluir.
response-note-for-the-audit-log-optional = Nota para el registro de auditoría (opcional)
response-origin = Origen
response-participant = Participante
response-reason = Motivo
response-reason-required = Motivo (obligatorio)
response-response = Respuesta
response-restore = Restaurar
response-restore-this-response = Restaurar esta respuesta
response-restored-it-counts-again = — restaurada: vuelve a contar.
response-started = Empezada
response-submitted = Enviada
response-the-respondent-saved-changes-without-submitting = la persona guardó cambios sin enviarlos: se muestran las respuestas enviadas

## responses

responses-all = todos
responses-draft = borrador
responses-excluded = excluida
responses-filter = Filtrar
responses-form = formulario
responses-group = Grupo
responses-next = siguiente →
responses-no-response-matches = Ninguna respuesta coincide.
responses-odk-kobo-offline = ODK/Kobo (sin conexión)
responses-paper = papel
responses-personal-link = enlace personal
responses-previous = ← anterior
responses-public-link = enlace público
responses-responses = Respuestas
responses-responses-by-group = Respuestas por grupo
responses-search-email-name-no = Buscar (correo, nombre, n.º)
responses-status = Estado
responses-submitted = enviada

## form (las páginas de quien responde)

form-page-of = Página { $page } de { $pages }
form-previous = Anterior
form-next = Guardar y continuar
form-save = Guardar
form-submit = Enviar respuestas
form-review = Revisar y enviar
form-required = obligatoria
form-fix-these = { $n ->
    [one] Hay 1 respuesta por revisar:
   *[other] Hay { $n } respuestas por revisar:
}
form-language = Idioma
form-choose = — Elija —
form-saved = Sus respuestas están guardadas.
form-progress = Avance
form-closed-on = «{ $campaign }» cerró el { $when }. Ya no se reciben respuestas.
form-already-submitted-on = Sus respuestas ya se enviaron el { $when }. Este nuevo envío no se guardó: cuenta el primero, y esta consulta no permite cambiarlo.
welcome-pages-range = { $from } a { $to }
welcome-time-personal = Unos { $minutes } minutos, en { $pages } páginas. Sus respuestas se guardan en cada página: puede dejarlo y seguir más tarde con el mismo enlace, en este u otro dispositivo.
welcome-time-public = Unos { $minutes } minutos, en { $pages } páginas. Sus respuestas se guardan en cada página: puede dejarlo y seguir más tarde en este mismo navegador.
welcome-published-per-group = Los resultados se publican solo como cifras por grupo, y solo de grupos con al menos { $min } respuestas. Ninguna respuesta individual aparece en un informe ni en una descarga.
review-answered-of = Respondió { $answered } de { $total } preguntas.
review-optional-left = { $n ->
    [one] 1 pregunta opcional quedó sin responder: puede enviar así o completarla.
   *[other] { $n } preguntas opcionales quedaron sin responder: puede enviar así o completarlas.
}
review-required-missing = { $n ->
    [one] Falta 1 respuesta obligatoria:
   *[other] Faltan { $n } respuestas obligatorias:
}

## console, reports, conditions (converted)

accounts-created = creado
accounts-expires = vence
accounts-id = id
accounts-last-sign-in-utc = última entrada (UTC)
accounts-last-used = último uso
accounts-owner = titular
accounts-revoked = revocado
accounts-role-2 = rol
accounts-state = estado
accounts-user = usuario
console-bounced = rebotes
console-excluded = excluidas
console-from = desde
console-group = grupo
console-invited = invitados
console-on = sobre
console-opened = abrieron
console-opted-out = bajas
console-rate = tasa
console-started = empezaron
console-submitted = enviaron
console-what = qué
console-when-utc = cuándo (UTC)
console-who = quién
manage-anonymous-a-response-keeps-no-link = Anónima (la respuesta no guarda quién respondió)
manage-check-and-store = Revisar y guardar
manage-close = Cerrar
manage-closes-on-yyyy-mm-dd = Cierra el (AAAA-MM-DD)
manage-create-as-draft = Crear (en borrador)
manage-definition-json-schema-with-x-dra = Definición (JSON Schema con x-dra): elija el archivo
manage-import = Importar
manage-manage-campaigns = Gestionar campañas
manage-name = Nombre
manage-new-campaign = Nueva campaña
manage-open = Abrir
manage-or-paste-its-content = … o pegue su contenido
manage-or-paste-the-rows = … o pegue las filas
manage-participants-csv-email-name-organisation-group = Participantes (CSV: email,name,organisation,group,language): elija el archivo
manage-participants-search-correct-send-again = Participantes: buscar, corregir, reenviar
manage-public-link-for-citizens = Enlace público para la ciudadanía
manage-public-link-several-responses-from-one = Enlace público: varias respuestas desde un mismo equipo (computadoras compartidas)
manage-questionnaire-id = Cuestionario (id)
manage-questionnaires = Cuestionarios
manage-remind-every-n-days = Recordar cada N días
manage-send-invitations = Enviar invitaciones
manage-send-reminders = Enviar recordatorios
manage-settings-closing-reminders-sending-hours-and = Ajustes: cierre, recordatorios, horario y textos de los correos
manage-short-name-lower-case-letters-digits = Nombre corto (letras minúsculas, cifras, guiones)
manage-utc-offset-guatemala-06-00 = Diferencia con UTC (Guatemala: -06:00)
participants-email-2 = correo
participants-name = nombre
participants-organisation = organización
participants-progress-2 = avance
participants-text = {""}
questionnaire-form-no = N.º de formulario
questionnaire-page = Página
questionnaire-required = obligatoria
questionnaire-write-here = Escriba aquí:
questionnaire-you-may-tick-several = puede marcar varias
respondent-the-answers-are-too-long-to = Las respuestas son demasiado largas para guardarlas: acorte este texto.
responses-drafts = borradores
responses-language = idioma
responses-no = n.º
responses-origin = origen
responses-participant = participante
responses-status-2 = estado
responses-submitted-counted = enviadas (cuentan)
words-and = {" "}y{" "}
words-or = {" "}o{" "}
decimal-separator = ,
words-quoted = «{ $text }»
words-is = { $question } es { $value }
words-ticked = marcó { $value } en { $question }
words-answered = respondió { $question }
words-greater = es mayor que
words-at-least = es al menos
words-less = es menor que
words-at-most = es como máximo
words-not = no se cumple que { $condition }
questionnaire-question-number = la pregunta { $n }
questionnaire-answer-only-if = Responda solo si { $condition }.
questionnaire-intro = Marque una casilla por pregunta, salvo donde se indique. Si no conoce un tema, marque «No sé». El número pequeño junto a cada casilla es el que se transcribe al digitar el formulario.
console-responses-page-summary = { $matching } de { $total } respuestas · página { $page } de { $pages }
console-participants-page-summary = { $matching } de { $total } participantes · página { $page } de { $pages }
answer-number-between = Escriba un número entre { $min } y { $max }.
answer-text-too-long = El texto es demasiado largo: máximo { $max } caracteres.

## answers

answer-choose-one-of-the-options = Elija una de las opciones.
answer-choose-only-among-the-options-given = Elija solo entre las opciones dadas.
answer-enter-a-number-for-example-12 = Escriba un número, por ejemplo 12 o 3,5.
answer-this-answer-is-not-valid = Esta respuesta no es válida.
answer-this-question-does-not-apply-given = Esta pregunta no corresponde según sus respuestas anteriores: déjela sin responder.
answer-this-question-is-required = Esta pregunta es obligatoria.
answer-this-text-is-not-valid = Este texto no es válido.

## notas de método (análisis e informe)

method-pillar-by-subpillars = media ponderada de sus puntajes de subpilar (pesos de los subpilares)
method-pillar-by-items = media ponderada de sus preguntas respondidas (pesos de las preguntas)
method-overall-equal-groups = cada grupo publicado pesa lo mismo (media de las medias de grupo)
method-overall-population = grupos ponderados por su peso en la población (posestratificación), n efectivo de Kish
method-stage-scale = Las opciones se ubican en la escala de etapas 1..S según su orden; en las preguntas invertidas, el orden se invierte primero.
method-dont-know-apart = «No sé» y «No aplica» nunca entran en una media; se cuentan y se muestran aparte.
method-subpillar-score = Puntaje de una persona en un subpilar: media ponderada de sus preguntas respondidas (pesos de las preguntas).
method-pillar-score = Puntaje de una persona en un pilar: { $pillar }, solo si respondió al menos el { $coverage } % de las preguntas del pilar.
method-overall = General: { $overall }; calculado solo sobre los grupos publicados.
method-spread = DE: muestral (n − 1). Mediana y cuartiles: tipo 7 (numpy/pandas). IC 95 %: media ± t(0,975; n − 1)·s/√n.
method-suppression = Las celdas con menos de { $min } personas se suprimen; en las filas desagregadas se oculta una segunda celda cuando solo una quedaría oculta; las cifras entre grupos usan solo celdas publicadas.
method-gap = Brecha: sector público menos todos los demás grupos publicados, IC 95 % de Welch; se señala cuando el IC excluye el 0 y la brecha alcanza al menos el umbral.
method-group-differences = Diferencias entre grupos: H de Kruskal-Wallis con corrección por empates, valor p por chi-cuadrado.
method-reliability = Fiabilidad: α de Cronbach sobre casos completos (todas las personas encuestadas), IC 95 % de Feldt, α si se elimina la pregunta.
method-not-asked = Una pregunta que la encuesta hace solo bajo una condición (según respuestas anteriores) y que no se hizo a una persona cuenta como «no aplica por diseño»: aparte de «No sé», de «No aplica» y de la falta de respuesta; no entra en la base de los porcentajes ni en la cobertura de un pilar.

## report

report-report = Informe de preparación digital
report-campaign = Campaña
report-country = País
report-period = Período de recolección
report-survey = Encuesta
report-respondents = Personas encuestadas (grupos publicados)
report-generated = Generado el
report-contents = Contenido
report-summary = Resumen ejecutivo
report-summary_intro = Puntaje medio por pilar en la escala de etapas; el cuadro da su intervalo de confianza del 95 %.
report-stage_by_pillar = Etapa por pilar
report-largest_gaps = Mayores brechas de percepción (sector público frente a los demás grupos)
report-no_gaps = No hay brechas calculables.
report-reliability_warnings = Advertencias de fiabilidad
report-no_warnings = Todas las escalas tienen α ≥ 0,7.
report-alpha_low = α de Cronbach por debajo de 0,7: interprete esta escala con cautela.
report-no_alpha = Sin α de Cronbach: hay muy pocas respuestas completas en los grupos publicados para calcularlo.
report-no_alpha_cell = † Sin α: la escala tiene una sola pregunta, o los grupos publicados reúnen muy pocas respuestas completas (todas sus preguntas respondidas) para calcularlo.
report-nothing_published = Se recibieron { $n } respuestas, pero todavía no se puede publicar ninguna cifra: ningún grupo tiene { $min } respuestas o más. Las cifras aparecerán cuando un grupo llegue a { $min }.
report-pillar = Pilar
report-subpillar = Subpilar
report-item = Pregunta
report-group = Grupo
report-overall = General
report-n = n
report-mean = Media
report-ci = IC 95 %
report-stage = Etapa
report-alpha = α
report-items = Preguntas
report-radar_caption = Puntaje por pilar: general y por grupo publicado. Los anillos marcan el inicio de cada etapa.
report-bars_caption = Media por subpilar, coloreada por etapa; bigotes: IC 95 %; n a la derecha.
report-distribution = Distribución de respuestas
report-distribution_caption = Reparto de las respuestas sustantivas por puntaje (general); «No sé» y «No aplica» aparte, sobre todas las personas consultadas.
report-comparisons = Comparación entre grupos
report-group_means = Media por grupo
report-heatmap_caption = Diferencia entre la media de cada grupo y la media general, por subpilar.
report-below_overall = por debajo de la media general
report-above_overall = por encima
report-gap = Brecha de percepción
report-gap_caption = Media del sector público frente a la de los demás grupos publicados.
report-public = Sector público
report-others = Otros grupos
report-difference = Diferencia
report-flagged = brecha señalada (IC excluye 0 y tamaño ≥ umbral)
report-kruskal = Prueba de Kruskal-Wallis entre grupos
report-kruskal_caption = H con corrección por empates; valor p por chi-cuadrado.
report-p_value = p
report-response_rates = Tasas de respuesta
report-rates_caption = Respuestas iniciadas y enviadas por enlace personal, sobre las personas invitadas.
report-invited = Invitadas
report-started = Iniciadas
report-submitted = Enviadas
report-rate = Tasa
report-of = de
report-no_invitations = sin invitaciones
report-reliability = Fiabilidad
report-method = Anexo metodológico
report-comments = Lo que dijeron las personas consultadas
report-comments_intro = Comentarios escritos de los grupos publicados, por pilar y pregunta, con el grupo de quien escribió y ningún otro dato.
report-comments_more = { $n } comentarios más en la exportación de comentarios.
report-scale = Escala
report-range = Puntaje
report-option_scoring = Puntaje de las opciones
report-options = Opciones (puntaje)
report-weights = Ponderaciones
report-weight = Peso
report-group_weights = Peso de cada grupo en la cifra general
report-exclusions = Exclusiones
report-no_exclusions = Ningún grupo quedó excluido.
report-excluded_one = 1 respuesta excluida por la coordinación
report-excluded_many = { $n } respuestas excluidas por la coordinación
report-excluded_more = { $n } motivos más
report-suppression = Supresión de celdas pequeñas
report-suppression_rule = Las celdas con menos de { $min } personas no se publican («—»); tampoco una segunda celda que permitiría recalcularlas.
report-robustness = Robustez
report-robustness_caption = Puntaje general de cada pilar con métodos alternativos.
report-variant = Variante
report-reason_suppressed = celda suprimida
report-reason_no_share = sin peso de población declarado
report-arithmetic = media aritmética
report-geometric = media geométrica
report-by_items = ponderada por ítems
report-by_subpillars = ponderada por subpilares
report-notes = Notas de método
report-suppressed = suprimido
report-suppressed_note = —: celda suprimida (menos de { $min } personas o supresión complementaria).
report-dont_know = No sé
report-not_applicable = No aplica
report-conditional = Preguntas con condición
report-asked_only_if = Se pregunta solo si
report-not_asked = No aplica por diseño (n)
report-score = Puntaje
report-page = Página
report-reversed = invertida
response-unanswered-not-shown = { $n ->
    [one] 1 pregunta sin respuesta (no se muestra).
   *[other] { $n } preguntas sin respuesta (no se muestran).
}
upload-too-large = El formulario supera { $mb } MB o tiene demasiados campos: no se guardó nada.
upload-malformed = No se pudo leer el formulario ({ $error }): no se guardó nada.
manage-choose-or-paste-a-definition = Elija o pegue una definición.
manage-choose-or-paste-a-csv = Elija o pegue un CSV.

## mail (the placeholders a coordinator may use: see mail::templates::PLACEHOLDERS)

mail-invitation-subject = Invitación: { $campaign }
mail-invitation-body =
    { $greeting }

    Le invitamos a participar en «{ $campaign }», una consulta sobre qué tan preparado está el país para la transformación digital. Su opinión, como parte del grupo «{ $group }», ayuda a orientar las decisiones de política pública.

    Responder toma unos 20 minutos. Puede hacerlo desde su teléfono y en varias sesiones: sus respuestas se guardan en cada página.

    Su enlace personal (no lo comparta):
    { $link }

    { $close_line }

    Si no desea recibir más mensajes sobre esta consulta: { $optout_link }
mail-reminder-subject = Recordatorio: { $campaign }
mail-reminder-body =
    { $greeting }

    Hace unos días le invitamos a participar en «{ $campaign }». Si aún no ha tenido tiempo, su opinión todavía cuenta: puede continuar donde lo dejó.

    Su enlace personal (no lo comparta):
    { $link }

    { $close_line }

    Si no desea recibir más mensajes sobre esta consulta: { $optout_link }
mail-thank-you-subject = Gracias por participar: { $campaign }
mail-thank-you-body =
    { $greeting }

    Recibimos sus respuestas a «{ $campaign }». Gracias por su tiempo: los resultados se publicarán por grupo, nunca de forma individual.

    Puede revisar sus respuestas con su enlace personal:
    { $link }

    Si no desea recibir más mensajes sobre esta consulta: { $optout_link }
mail-greeting-named = Estimado/a { $name }:
mail-greeting = Estimado/a participante:
mail-close-line = La consulta cierra el { $date }.
campaign-settings-names = El nombre de la campaña en sus otros idiomas
campaign-settings-names-help = Se muestra a quienes responden, y en correos e informes, en ese idioma; vacío: el nombre en el idioma principal,
manage-survey-stored = se guardó { $survey } { $version } como n.º { $id }
manage-survey-already-stored = { $survey } { $version } ya estaba guardado como n.º { $id }
manage-campaign-created = campaña «{ $slug }» creada (borrador)
manage-line = línea
manage-rows-imported = { $rows ->
    [one] 1 fila importada
   *[other] { $rows } filas importadas
} (nuevas: { $added }, actualizadas: { $updated }, sin cambios: { $unchanged }); rechazadas: { $refused }
manage-opened = abierta
manage-closed = cerrada
manage-archived = archivada
manage-made-a-draft = vuelta a borrador
manage-messages-queued = { $slug }: { $n ->
    [one] 1 mensaje en cola
   *[other] { $n } mensajes en cola
}; el envío de correo los despacha
manage-responses-view-exclude-restore = Respuestas: ver, excluir, restaurar

## línea de órdenes (mensajes para quien coordina, en DRA_LANG)

cli-participants-imported = { $rows ->
    [one] 1 fila importada
   *[other] { $rows } filas importadas
} en «{ $slug }» (nuevas: { $added }, actualizadas: { $updated }, sin cambios: { $unchanged }); { $refused ->
    [one] 1 fila rechazada
   *[other] { $refused } filas rechazadas
}
cli-invitations-queued = { $n ->
    [one] 1 invitación en cola
   *[other] { $n } invitaciones en cola
}: las envía el envío de correo de `dra serve`, o ejecute `dra mail send` (usa la configuración de correo de la terminal en que se ejecuta)
cli-reminders-queued = { $n ->
    [one] 1 recordatorio en cola
   *[other] { $n } recordatorios en cola
}: los envía el envío de correo de `dra serve`, o ejecute `dra mail send` (usa la configuración de correo de la terminal en que se ejecuta)
cli-mail-sent = correo por { $transport }: { $thanks } agradecimiento(s) y { $reminders } recordatorio(s) en cola; { $sent } enviados, { $retried } por reintentar, { $bounced } rebotados, { $failed } abandonados
cli-paper-nothing-imported = no se importó nada: { $problems } de { $rows } filas tienen problemas; corríjalas e importe el archivo de nuevo
cli-paper-imported = se importaron { $n } formularios en papel en «{ $slug }» (nuevos: { $added }, reemplazados: { $replaced }) en { $seconds } s
cli-odk-nothing-imported = no se importó nada: { $problems } de { $rows } envíos tienen problemas; corríjalos e importe el archivo de nuevo
cli-odk-imported = se importaron { $n } envíos de ODK en «{ $slug }» (nuevos: { $added }, reemplazados: { $replaced }, sin cambios: { $unchanged }{ $rejected ->
    [0] {""}
   *[other] ; { $rejected } rechazados en el servidor, omitidos
})
stats-not-asked = no se preguntó (por diseño)
responses-total = total

## indices (console)

index-console-a-second-person-confirms-or-disputes = Una segunda persona confirma o disputa cada puntuación; una disputa se resuelve con un motivo (y el valor acordado si cambia).
index-console-action = Acción
index-console-agreed-value = Valor acordado
index-console-confirm = Confirmar
index-console-console = Consola
index-console-dispute = Disputar
index-console-dot-the-index-rank-diamond-and = Punto: posición del índice. Rombo y barra: posición mediana e intervalo del 5 % al 95 % del análisis de incertidumbre.
index-console-downloads = Descargas
index-console-evaluator = Evaluador
index-console-evidence = Evidencia
index-console-evidence-document-file-name = Documento de la evidencia (nombre del archivo)
index-console-evidence-url = URL de la evidencia
index-console-give-a-number = escriba un número
index-console-give-a-whole-number = escriba un número entero
index-console-index = Índice
index-console-indicator = Indicador
index-console-indicators-by-institution = Indicadores por institución
index-console-indices = Índices
index-console-indices-of-institutions = Índices de instituciones
index-console-institution = Institución
index-console-median-rank-5-95 = Posición mediana [5 %–95 %]
index-console-no-index-yet-dra-index-create = Aún no hay índices: dra index create --slug … --framework …
index-console-note = Nota
index-console-rank = Posición
index-console-compare-earlier = { $n ->
    [one] Comparar con la edición anterior
   *[other] Comparar con las { $n } ediciones anteriores
}
index-console-ranking = Clasificación
index-console-record = Registrar
index-console-resolve = Resolver
index-console-review = Revisión
index-console-save-the-score = Guardar la puntuación
index-console-saved = — guardada.
index-console-score-an-indicator = Puntuar un indicador
index-console-scorecard = Ficha
index-console-scores = puntuaciones
index-console-scores-and-review = Puntuaciones y revisión
index-console-scores-evidence-and-review = Puntuaciones, evidencia y revisión
index-console-value = Valor
index-console-version-you-change-blank-for-a = Versión que cambia (vacío si es la primera)
index-console-with-the-evidence-the-indicator-asks = Con la evidencia que el indicador pide. Para cambiar una puntuación suya, escriba la versión que leyó (v en la lista).

## indices

annex-document = documento
annex-none = ninguna
annex-url-or-document = URL o documento
model-goalposts = metas
texts-confirmed = confirmada
texts-disputed = en disputa
texts-not-reviewed = sin revisar
texts-resolved = resuelta

## índices: el anexo de método

index-annex-monte-carlo = Monte Carlo de { $runs } corridas, semilla { $seed } (SplitMix64); en cada una: normalización entre [{ $normalisations }], agregación (ambos niveles) entre [{ $aggregations }], { $indicators }, y cada peso multiplicado por un factor uniforme en [1 − { $r }, 1 + { $r }]; posición mediana e intervalo del 5 % al 95 % (cuantiles tipo 7)
index-annex-one-left-out = un indicador omitido o ninguno
index-annex-every-indicator = todos los indicadores
index-annex-without = sin «{ $name }»

## indices (annex, converted)

annex-a0-institutions-assessed-ranked-ranked-a1 = { $a0 } instituciones evaluadas, { $ranked } con posición; { $a1 } indicadores en { $a2 } pilares
annex-a0-institutions-ranked-normalisation-a1-aggregation = { $a0 } instituciones con posición; normalización { $a1 }, agregación { $a2 }/{ $a3 }, imputación { $a4 }. La referencia es la media de las instituciones del cuarto superior; la brecha, referencia menos la puntuación normalizada.
annex-a0-not-reviewed-a1-confirmed-a2 = { $a0 } sin revisar, { $a1 } confirmadas, { $a2 } en disputa, { $a3 } resueltas
annex-aggregation-indicators-pillar = Agregación: indicadores → pilar
annex-aggregation-pillars-index = Agregación: pilares → índice
annex-agreement = Acuerdo
annex-an-indicator-where-lower-is-better = un indicador en que menos es mejor se invierte tras normalizar (100 − v, o −z)
annex-an-institution-is-ranked-when-it = una institución tiene posición si tiene al menos { $a0 } de los indicadores puntuados
annex-another-aggregation = otra agregación
annex-another-normalisation = otra normalización
annex-direction = Sentido
annex-equal-each-indicator-in-its-pillar = iguales: cada indicador en su pilar y cada pilar en el índice
annex-framework = Marco
annex-geometric-shift = Desplazamiento geométrico
annex-goalposts-100-x-low-high-low = metas: 100·(x − bajo)/(alto − bajo) acotado a [0, 100], con las metas de cada indicador
annex-imputation = Imputación
annex-indices-equal-to-9-decimals-share = índices iguales a 9 decimales comparten la posición más alta (1, 2, 2, 4)
annex-indices-equal-to-9-decimals-share-2 = índices iguales a 9 decimales comparten la posición media (1, 2,5, 2,5, 4)
annex-min-max-100-x-min-max = mín-máx: 100·(x − mín)/(máx − mín) entre las instituciones con posición (50 si todas son iguales)
annex-missing-data = Datos faltantes
annex-none-each-level-aggregates-what-it = ninguna: cada nivel agrega lo que tiene y reescala los pesos
annex-normalisation = Normalización
annex-one-indicator-left-out-each = un indicador menos (cada uno)
annex-only-scores-confirmed-or-resolved-in = solo las puntuaciones confirmadas o resueltas en revisión
annex-per-institution-and-indicator-the-one = por institución e indicador, la última confirmada o resuelta en revisión; si no hay, la primera registrada
annex-pillars-and-indicators-as-the-framework = pilares e indicadores según el marco
annex-pillars-as-the-framework-says-indicators = pilares según el marco; indicadores iguales dentro de su pilar
annex-s-1-min-0-smallest-normalised = s = 1 − mín(0, menor valor normalizado) = { $a0 }
annex-score-that-counts = Puntuación que cuenta
annex-the-indicator-s-mean-over-the = media del indicador entre las instituciones con posición, antes de normalizar
annex-the-indicator-s-median-over-the = mediana del indicador entre las instituciones con posición, antes de normalizar
annex-ties = Empates
annex-uncertainty = Incertidumbre
annex-units = Unidades
annex-weighted-arithmetic-mean-compensatory = media aritmética ponderada (compensatoria)
annex-weighted-cohen-s-kappa-linear-and = kappa de Cohen ponderada (lineal y cuadrática) de los dos primeros evaluadores por nombre; alfa de Krippendorff ordinal de todos; los valores por su posición en la escala
annex-weighted-geometric-mean-partly-compensatory-of = media geométrica ponderada (parcialmente compensatoria) de los valores desplazados por s: exp(Σw·ln(v + s)/Σw) − s
annex-weights = Pesos
annex-weights-perturbed = pesos perturbados
annex-without-name = sin «{ $name }»
annex-z-score-x-mean-sd-sample = puntuación z: (x − media)/de, de muestral (n − 1); 0 si todas son iguales

## indices: report and scorecards

index-text-rank = Posición
index-text-institution = Institución
index-text-sector = Sector
index-text-index = Índice
index-text-interval = Posición mediana [5 %–95 %]
index-text-not_ranked = sin posición
index-text-ranking = Clasificación
index-text-ranking_caption = Punto: posición del índice. Rombo: posición mediana y barra: intervalo del 5 % al 95 % en el análisis de incertidumbre.
index-text-heatmap = Indicadores por institución
index-text-heatmap_caption = Puntuación normalizada de cada indicador; más oscuro es mejor. Rayado: sin puntuación.
index-text-axis_rank = Posición (1 = la mejor)
index-text-headline_rank = Posición del índice
index-text-median_rank = Posición mediana
index-text-interval_5_95 = Intervalo 5 %–95 %
index-text-missing = Sin puntuación
index-text-worst = peor
index-text-best = mejor
index-text-best_score = Mejor
index-text-sensitivity = Sensibilidad
index-text-sensitivity_intro = Cuánto cambian las posiciones cuando varía una sola decisión del método (cambio absoluto medio y máximo).
index-text-choice = Decisión
index-text-mean_shift = Cambio medio
index-text-max_shift = Cambio máximo
index-text-agreement = Acuerdo entre evaluadores
index-text-agreement_intro = Kappa de Cohen ponderada (dos primeros evaluadores) y alfa de Krippendorff ordinal (todos), sobre los indicadores de escala ordinal.
index-text-evaluators = Evaluadores
index-text-kappa_linear = Kappa ponderada lineal
index-text-kappa_quadratic = Kappa ponderada cuadrática
index-text-alpha = Alfa de Krippendorff (ordinal)
index-text-disputed = Puntuaciones en disputa
index-text-no_disputes = Ninguna: los evaluadores coinciden.
index-text-indicator = Indicador
index-text-scores = Puntuaciones
index-text-framework = Marco de indicadores
index-text-method = Anexo metodológico
index-text-pillar = Pilar
index-text-weight = Peso
index-text-scale = Escala
index-text-direction = Sentido
index-text-evidence = Evidencia
index-text-higher_better = más es mejor
index-text-lower_better = menos es mejor
index-text-score = Puntuación
index-text-normalised = Normalizada
index-text-reference = Referencia
index-text-gap = Brecha
index-text-status = Revisión
index-text-improve_first = Qué mejorar primero
index-text-improve_intro = Los indicadores con la mayor brecha respecto de las instituciones con mejor desempeño (el cuarto superior de la clasificación).
index-text-nothing_to_improve = Ningún indicador por debajo de las instituciones con mejor desempeño.
index-text-of = de
index-text-generated = Generado
index-text-page = Página
index-text-scorecard = Ficha institucional
index-text-review_state = Estado de la revisión
index-text-none = ninguna

## console (indices)

console-indices-of-institutions-ranking-and-scorecards = Índices de instituciones: clasificación y fichas

## indices: the institution's own page (/i/{token})
index-self-page-title = Autoevaluación de { $institution }
index-self-page-intro = Dé a cada indicador el valor que describe hoy a { $institution }, con la evidencia que pide. Los evaluadores validarán cada valor: solo los valores validados cuentan en el índice. Los indicadores sin respuesta quedan como están; puede volver con el mismo enlace.
index-self-page-value = Valor
index-self-page-range = Un número de { $min } a { $max } ({ $unit }).
index-self-page-not-answered = Sin responder todavía
index-self-page-evidence-url = Evidencia: dirección web (URL)
index-self-page-note = Nota para los evaluadores
index-self-page-save = Guardar la autoevaluación
index-self-page-saved = Guardado. Los evaluadores validarán cada valor.
index-self-page-saved-value = Guardado ahora: { $value } ({ $status }).
index-self-page-fix = No se guardó nada. Revise lo siguiente; lo que escribió se conserva:
index-self-page-conflict = Esta autoevaluación cambió desde que abrió la página (otro guardado o la revisión de un evaluador): no se guardó nada de lo suyo. La página muestra ahora lo guardado; revíselo y guarde otra vez.
index-self-page-session-expired = Sesión vencida
index-self-page-open-again = Abra su enlace otra vez y guarde de nuevo: no se guardó nada.
index-self-evidence-none = Evidencia: no se exige (una nota ayuda a los evaluadores).
index-self-evidence-url = Evidencia obligatoria: la dirección (URL) de una página que lo muestre.
index-self-evidence-url-or-document = Evidencia obligatoria: la dirección (URL) de una página que lo muestre (los evaluadores también pueden registrar un documento).
index-self-evidence-document = Evidencia: un documento. Los evaluadores califican este indicador a partir del documento: envíeselo.
index-self-problem-not-a-number = Escriba un número, como 12 o 3,5.
index-self-problem-out-of-scale = Este valor no es uno de los niveles del indicador o está fuera de su rango.
index-self-problem-bad-url = Escriba una dirección web completa, que empiece con https:// o http://.
index-self-problem-too-long = Use como máximo 2000 caracteres.
index-self-problem-evidence-missing = Este indicador necesita la dirección (URL) de una evidencia junto con su valor.
index-self-problem-no-value = Dé un valor a la evidencia o la nota que escribió, o bórrelas.

## indices: creating an index and importing its files in the console
index-manage-title = Nuevo índice e importaciones
index-manage-link = Crear un índice o importar sus instituciones y calificaciones
index-manage-new = Nuevo índice
index-manage-new-hint = A partir de un archivo de marco (pilares e indicadores, con sus escalas, pesos, evidencias y el método); cada problema se muestra con su línea.
index-manage-name = Nombre (por omisión: el título del marco)
index-manage-edition = Edición (como 2026)
index-manage-framework-file = Marco (JSON, dra-index)
index-manage-create = Crear el índice
index-manage-created = Índice { $slug } creado: importe sus instituciones y luego sus calificaciones.
index-manage-choose-or-paste-a-framework = Elija o pegue un marco.
index-manage-units-file = Instituciones (CSV: id, name, sector, contact)
index-manage-import-units = Importar las instituciones
index-manage-scores-file = Calificaciones (CSV: unit, indicator, evaluator, value, evidence_url, evidence_note, evidence_file; una fila sin evaluador es suya)
index-manage-import-scores = Importar las calificaciones
index-manage-all-or-nothing = Un archivo se guarda entero o nada: cada problema aparece con su línea.
index-manage-open = Clasificación y calificaciones
index-manage-units-imported = instituciones: { $added } añadidas, { $updated } actualizadas, { $unchanged } sin cambios.
index-manage-scores-imported = calificaciones: { $added } añadidas, { $updated } actualizadas, { $unchanged } sin cambios.
index-manage-invite = Enviar los enlaces de autoevaluación
index-manage-invite-hint = Cada institución con contacto recibe un enlace personal para autoevaluarse (válido 60 días); sus valores cuentan cuando un evaluador los valida.
index-manage-invited = { $slug }: enlaces de autoevaluación en cola para { $n } institución(es); { $without } sin correo de contacto.

## reports: change since an earlier edition

change-title = Cambios desde la edición anterior
change-intro = Comparación con {"{"}earlier{"}"}. Cada diferencia es la edición actual menos la anterior, con su intervalo de confianza del 95 % de Welch (muestras independientes); se señala con * cuando el intervalo excluye el 0. No se calcula ninguna diferencia donde una de las dos celdas está suprimida.
change-dumbbell_caption = Antes → ahora por pilar (en negrita, el total) y grupo; en rojo, los cambios cuyo intervalo excluye el 0.
change-slope_caption = Puntaje de cada pilar (total) en cada edición.
change-trend_caption = Tendencia de cada pilar (total) a lo largo de las ediciones; un hueco es una cifra suprimida o ausente.
change-earlier = Anterior
change-later = Actual
change-difference = Diferencia
change-ci = IC 95 %
change-overall = Total
change-pillars = Pilares por grupo
change-subpillars = Subpilares (total)
change-flagged = el intervalo de confianza del 95 % excluye el 0
change-suppressed = suprimido o ausente en una edición
change-not_compared = Preguntas no comparadas
change-all_compared = Todas las preguntas se comparan.
change-composition = Preguntas que cambiaron en {"{"}scale{"}"}: solo antes {"{"}earlier{"}"}; solo ahora {"{"}later{"}"}.
change-groups_differ = Los totales de cada edición incluyen grupos distintos: {"{"}groups{"}"}.

## console: compare

console-compare-index-campaign = índice
console-compare-compare = Comparar
console-compare-compare-editions = Comparar ediciones
console-compare-download = Descargar
console-compare-earlier-edition-one-or-more-oldest = Edición anterior (una o más, de la más antigua a la más reciente)
console-compare-item-map-json-optional = Mapa de preguntas (JSON, opcional)
console-compare-later-edition = Edición posterior
change-reason-only-earlier = solo en la edición anterior
change-reason-only-later = solo en la edición actual
change-reason-dropped = retirada en el mapa de preguntas
change-reason-options-changed = sus opciones cambiaron y el mapa no las recodifica

## contributions

console-contributions-received = Propuestas recibidas
contribute-check-the-following-what-you-wrote = Revise lo siguiente; lo que escribió se conserva:
contribute-choose-a-topic = — Elija un tema —
contribute-every-proposal-gets-a-public-answer = Cada propuesta recibe una respuesta pública: si se incorporó, en parte o no, o si está fuera del alcance, por qué, y dónde quedó.
contribute-i-agree-that-my-email-address = Acepto que usen mi correo para enviarme un único mensaje con la respuesta a mi propuesta.
contribute-if-you-write-it-it-appears = Si lo escribe, aparecerá junto a su propuesta en la página pública. Déjelo vacío para publicarla sin nombre.
contribute-if-you-write-it-it-appears-2 = Si la escribe, aparecerá junto a su propuesta en la página pública.
contribute-it-no-longer-takes-proposals = Ya no recibe propuestas.
contribute-it-will-be-published-once-screened = Se publicará después de revisarla, con la respuesta que reciba, en la página de propuestas de esta consulta: /p/{"{"}slug{"}"}/contributions
contribute-only-to-send-you-one-message = Solo para enviarle un mensaje cuando su propuesta tenga respuesta. No se publica ni se comparte, y se borra al enviar ese mensaje.
contribute-required = obligatorio
contribute-see-the-published-proposals-and-their = Ver las propuestas publicadas y sus respuestas
contribute-send-proposal = Enviar propuesta
contribute-send-your-proposal = Envíe su propuesta
contribute-thank-you-we-received-your-proposal = ¡Gracias! Recibimos su propuesta
contribute-up-to-5000-characters-it-will = Hasta 5000 caracteres. Se publicará después de revisarla; no escriba datos personales de nadie (teléfonos, direcciones, documentos): si los hay, los ocultamos antes de publicar.
contribute-what-topic-is-your-proposal-about = ¿Sobre qué tema es su propuesta?
contribute-without-this-box-ticked-we-do = Sin esta casilla marcada no guardamos su correo. Puede dejar ambos vacíos.
contribute-your-email-address-optional-never-published = Su correo electrónico (opcional, no se publica)
contribute-your-name-optional-published = Su nombre (opcional, se publica)
contribute-your-organisation-optional-published = Su organización (opcional, se publica)
contribute-your-proposal = Su propuesta
contribute-your-proposal-is-number-id = Su propuesta es la número {"{"}id{"}"}.
contributions-console-a-section-of-the-plan-commitment = Una sección del plan ("Compromiso 4, hito 2") o la dirección de un documento.
contributions-console-all = Todas
contributions-console-answer = Respuesta
contributions-console-answer-2 = Responder
contributions-console-answer-saved = respuesta guardada
contributions-console-answered-by = Respondida por
contributions-console-change-the-answer = Cambiar la respuesta
contributions-console-choose-a-decision = Elija una decisión.
contributions-console-choose-what-was-done-with-it = Elija qué se hizo con ella.
contributions-console-contribution = Propuesta
contributions-console-contributions = Propuestas
contributions-console-decision = Decisión
contributions-console-edited = editada
contributions-console-filter-by-status = Filtrar por estado
contributions-console-message-queued = mensaje enviado a la cola
contributions-console-no = no
contributions-console-no-contribution-here = Ninguna propuesta aquí.
contributions-console-note-on-the-edit = Nota de la edición
contributions-console-note-on-the-edit-what-was = Nota de la edición: qué se ocultó (al editar)
contributions-console-number = Número
contributions-console-original-text-for-the-audit-only = Texto original (solo para la auditoría, no se publica)
contributions-console-publish-as-it-is = Publicar tal como está
contributions-console-publish-with-personal-data-hidden-the = Publicar ocultando datos personales (se publica el texto editado de abajo)
contributions-console-published-name = Nombre publicado
contributions-console-published-organisation = Organización publicada
contributions-console-published-text = Texto publicado
contributions-console-reason-for-rejecting-when-rejecting = Motivo del rechazo (al rechazar)
contributions-console-reason-for-rejection = Motivo del rechazo
contributions-console-received = Recibida
contributions-console-reject-as-spam-or-abuse = Rechazar como spam o abuso
contributions-console-replace-what-is-personal-third-parties = Reemplace lo personal (nombres de terceros, teléfonos, direcciones) por [dato personal oculto]. El original se conserva solo para la auditoría.
contributions-console-save-the-answer = Guardar la respuesta
contributions-console-save-the-decision = Guardar la decisión
contributions-console-screen = Revisar
contributions-console-screened = Revisada
contributions-console-screened-by = Revisada por
contributions-console-start-of-the-text = Comienzo del texto
contributions-console-taking-contributions-topics = Recibir propuestas: temas
contributions-console-text-to-publish-only-when-hiding = Texto a publicar (solo al ocultar datos personales)
contributions-console-the-campaign-takes-contributions-on-n = La campaña recibe propuestas sobre {"{"}n{"}"} temas.
contributions-console-the-campaign-takes-no-contributions-now = La campaña no recibe propuestas ahora.
contributions-console-the-public-page = La página pública
contributions-console-the-version-is-missing-open-the = Falta la versión: vuelva a abrir la propuesta.
contributions-console-through = Por
contributions-console-topic = Tema
contributions-console-wants-the-answer-by-email = Quiere la respuesta por correo
contributions-console-what-was-done-with-it = Qué se hizo con ella
contributions-console-where-it-went = Dónde quedó
contributions-console-where-it-went-optional = Dónde quedó (opcional)
contributions-console-why-required = Por qué (obligatorio)
contributions-console-yes-the-address-is-not-shown = sí (la dirección no se muestra)
contributions-public-each-proposal-is-published-once-screened = Cada propuesta se publica después de revisar que no sea spam ni abuso; si contenía datos personales, se publica editada. Las rechazadas y las que aún no se revisan solo se cuentan.
contributions-public-from = De
contributions-public-how-many-and-what-was-done = Cuántas y qué se hizo con ellas
contributions-public-its-description-data-package-json = Su descripción (Data Package, JSON)
contributions-public-no-proposal-has-been-published-yet = Aún no hay propuestas publicadas.
contributions-public-open-data = Datos abiertos
contributions-public-proposals-received-and-their-answers = Propuestas recibidas y sus respuestas
contributions-public-published = Publicadas
contributions-public-published-proposals-by-topic-and-answer = Propuestas publicadas por tema y respuesta
contributions-public-received = Recibidas
contributions-public-received-on = Recibida el
contributions-public-rejected-spam-or-abuse = Rechazadas (spam o abuso)
contributions-public-send-a-proposal = Enviar una propuesta
contributions-public-text-edited-to-hide-personal-data = Texto editado para ocultar datos personales.
contributions-public-the-published-proposals = Las propuestas publicadas
contributions-public-the-published-proposals-and-their-answers = Las propuestas publicadas y sus respuestas (CSV)
contributions-public-to-be-screened = Por revisar
contributions-public-total = Total
contributions-public-what-we-heard-and-what-we = Lo que escuchamos y lo que hicimos (PDF)
contributions-settings-code-nombre-en-espa-ol-name = código | nombre en español | name in English — por ejemplo: salud | Salud digital | Digital health
contributions-settings-take-contributions-on-the-public-link = Recibir propuestas en el enlace público y en los enlaces personales
contributions-settings-taking-contributions = Recibir propuestas
contributions-settings-topics-one-a-line = Temas, uno por línea

## contributions (record, mail, labels)

contribution-mail-an-answer-to-your-contribution-campaign = Respuesta a su aporte: {"{"}campaign{"}"}
contribution-mail-answer-answer = Respuesta: {"{"}answer{"}"}
contribution-mail-every-published-contribution-and-its-answer = Todos los aportes publicados y sus respuestas: {"{"}page{"}"}
contribution-mail-reason-reason = Motivo: {"{"}reason{"}"}
contribution-mail-thank-you-for-your-contribution-to = Gracias por su aporte a «{"{"}campaign{"}"}» sobre «{"{"}topic{"}"}».
contribution-mail-this-is-the-only-message-you = Es el único mensaje que recibirá por este aporte: su dirección ya se borró de él.
contribution-mail-where-it-went-ref = Dónde quedó: {"{"}ref{"}"}
contribution-record-annex-every-published-contribution = Anexo: todos los aportes publicados
contribution-record-edited-to-hide-personal-data = (editado para ocultar datos personales)
contribution-record-no-contribution-has-been-published-yet = Aún no hay aportes publicados.
contribution-record-published = Publicados
contribution-record-published-contributions-by-topic-and-answer = Aportes publicados por tema y respuesta
contribution-record-received = Recibidos
contribution-record-received-on = Recibido el
contribution-record-rejected-spam-or-abuse = Rechazados (spam o abuso)
contribution-record-this-report-accounts-for-every-contribution = Este informe da cuenta de cada aporte recibido en la consulta pública y de lo que se hizo con él. Los aportes se publican tras revisar que no sean spam ni abuso; donde contenían datos personales, se publican editados. Las cifras cuentan todos los aportes recibidos; la lista completa de los publicados, con su respuesta, está en el anexo.
contribution-record-what-we-heard-and-what-we = Lo que escuchamos y lo que hicimos
mod-awaiting-an-answer = En espera de respuesta
mod-incorporated = Incorporada
mod-not-incorporated = No incorporada
mod-out-of-scope = Fuera del alcance
mod-partly-incorporated = Incorporada en parte
mod-published = Publicada
mod-rejected = Rechazada

## contributions (form problems)

contribution-form-choose-a-topic-from-the-list = Elija un tema de la lista.
contribution-form-the-text-holds-characters-that-are = El texto tiene caracteres no válidos.
contribution-form-this-email-address-is-not-valid = Esta dirección de correo no es válida: revísela o déjela vacía.
contribution-form-tick-the-box-for-us-to = Marque la casilla para que le escribamos, o deje el correo vacío.
contribution-form-use-at-most-160-characters = Use como máximo 160 caracteres.
contribution-form-write-the-address-we-should-send = Escriba la dirección a la que enviaremos la respuesta.
contribution-form-write-your-proposal = Escriba su propuesta.
contribution-form-your-proposal-is-over-5000-characters = Su propuesta pasa de 5000 caracteres: acórtela.

## Self-assessment of institutions (issue 17)
index-self-annex-rule = la autoevaluación de una institución solo cuenta cuando un evaluador la confirmó o resolvió
index-self-evaluator = autoevaluación de la institución (por validar)
index-self-mail-subject = { $index }: autoevaluación de su institución
index-self-mail-body = Hola:

    Se invita a { $institution } a autoevaluarse para { $index } antes de la revisión de los evaluadores.
    Abra su enlace personal, dé a cada indicador su valor con la evidencia (una dirección) y una nota, y guarde:

    { $link }

    El enlace es personal de su institución y funciona hasta el { $expires }. Los evaluadores validarán cada valor: solo los valores validados cuentan en el índice.

## Comparar ediciones de un índice
compare-mixed-kinds = «{ $survey }» es una campaña de encuesta y «{ $index }» una campaña de índice: las ediciones se comparan dentro de un mismo tipo (todas campañas de encuesta o todas campañas de índice)
compare-no-such-index-edition = no hay ninguna campaña de índice «{ $survey }» para comparar con la campaña de índice «{ $index }» (véase dra index list)
compare-no-earlier-index-edition = «{ $index }» no tiene ninguna campaña de índice anterior con el mismo marco: indique una con from=
index-change-title = Cambios desde { $edition }
index-change-intro = Puntuación y posición de cada institución en el índice en { $from } y en { $to }, y su cambio (posterior − anterior; un cambio de posición negativo es una subida). El intervalo de posición del 5–95 % de cada edición procede de su propio análisis de incertidumbre; un cambio de posición va más allá de los intervalos (*) cuando los dos intervalos no se solapan. Las instituciones se emparejan por su identificador; las evaluadas en una sola edición se listan aparte y no se comparan.
index-change-score-in = Puntuación { $edition }
index-change-rank-in = Posición { $edition }
index-change-interval-in = 5–95 % { $edition }
index-change-change = Cambio
index-change-beyond = Más allá de los intervalos
index-change-yes = sí
index-change-no = no
index-change-only-in = Evaluadas solo en { $edition }
index-change-none = Ninguna.
index-change-beyond-legend = la posición se movió más allá de ambos intervalos del 5–95 %
index-change-missing = sin puntuación en ambas ediciones
index-change-dumbbell-caption = Puntuación de cada institución en el índice en { $from } (círculo) y en { $to } (rombo), en el orden de la clasificación de { $to }. * La posición se movió más allá de los intervalos de posición del 5–95 % de ambas ediciones.
index-change-trend-title = Tendencia en { $n } ediciones
index-change-trend-caption = Puntuación en el índice por edición de las { $shown } instituciones mejor clasificadas en { $edition }; un punto que falta: no evaluada en esa edición. La tabla recoge todas las instituciones.
index-change-net = Cambio neto
index-change-slope = Pendiente por edición
index-change-cell-note = Cada celda: puntuación (posición); — no evaluada en esa edición. Cambio neto: la última puntuación menos la primera; pendiente: cambio de la puntuación por edición por mínimos cuadrados.

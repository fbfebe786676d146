"""Forms of the editor: a flow's own fields, and one form per step kind with the guide's
fields. Texts have one field per language, side by side; destinations are chosen from the
flow's steps, never typed."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm
from ruamel.yaml.comments import CommentedMap

from kiosk.flows.loader import KEYBOARDS
from kiosk.flows.model import EndOutcome, MarkShape, PracticeCheck, StepKind
from kiosk.flows.vocabulary import LANGUAGES, LEVELS, THEMES

from ..document import FlowDocument, text_of

KIND_HELP = {
    StepKind.INFORMATION: "Information : explique quelque chose.",
    StepKind.QUESTION: "Question : 2 à 4 réponses, chacune mène à une étape.",
    StepKind.CHECKLIST: "Liste : des choses à préparer, à cocher une à une.",
    StepKind.PRACTICE: "Exercice : s'entraîner à taper ou à choisir, sans risque.",
    StepKind.WEBSITE: "Site : ouvre un site internet (avec un code QR).",
    StepKind.HELP: "Aide : propose d'appeler un conseiller.",
    StepKind.END: "Fin : termine le parcours.",
}
NEXT_DEFAULT = ""
NEXT_LABEL = "L'étape écrite juste en dessous"


def _language_label(code: str) -> str:
    return f"{LANGUAGES.get(code, code)} ({code})"


class ImportForm(DsfrBaseForm):
    file = forms.FileField(label="Fichier de parcours (.yaml)",
                           help_text="Un fichier envoyé par un ou une collègue, ou écrit à la "
                                     "main. 1 Mo au plus.")


class NewFlowForm(DsfrBaseForm):
    title = forms.CharField(label="Titre du parcours", max_length=120,
                            help_text="Par exemple : Prendre rendez-vous à la CAF.")


class RawForm(DsfrBaseForm):
    text = forms.CharField(label="Le fichier du parcours (YAML)", widget=forms.Textarea(
        attrs={"rows": 30, "spellcheck": "false"}),
        help_text="Pour qui préfère écrire le fichier à la main (voir le guide "
                  "« Écrire un parcours »).")


class AddStepForm(DsfrBaseForm):
    kind = forms.ChoiceField(label="Type de la nouvelle étape", choices=[
        (kind.value, KIND_HELP[kind]) for kind in StepKind], widget=forms.RadioSelect)


class LanguageForm(DsfrBaseForm):
    language = forms.ChoiceField(label="Ajouter une langue", choices=[
        (code, _language_label(code)) for code in LANGUAGES if code != "fr"])


class TextFields:
    """Adds, for a text field, one form field per language (``name__fr``, ``name__en``)."""

    def add_text(self, form: forms.Form, name: str, label: str, languages: list[str],
                 value: object, *, long: bool = False, required: bool = False) -> None:
        values = text_of(value)
        for code in languages:
            widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput()
            if code == "ar":
                widget.attrs["dir"] = "rtl"
            widget.attrs["lang"] = code
            form.fields[f"{name}__{code}"] = forms.CharField(
                label=f"{label} — {_language_label(code)}", required=required and code == "fr",
                initial=values.get(code, ""), widget=widget, strip=True)

    @staticmethod
    def read_text(data: dict, name: str, languages: list[str]) -> dict[str, str]:
        return {code: data.get(f"{name}__{code}", "") or "" for code in languages}


def text_rows(form: forms.Form, names: list[str], languages: list[str]) -> list[list]:
    """Rows of bound fields: one row per text, one column per language."""
    rows = []
    for name in names:
        row = [form[f"{name}__{code}"] for code in languages if f"{name}__{code}" in form.fields]
        if row:
            rows.append(row)
    return rows


class MetaForm(DsfrBaseForm, TextFields):
    def __init__(self, document: FlowDocument, languages: list[str], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        data = document.data
        self.languages = languages
        self.fields["id"] = forms.SlugField(
            label="Identifiant", initial=data.get("id"), max_length=64,
            help_text="Minuscules sans accent, chiffres et tirets. Ne le changez plus une fois "
                      "le parcours utilisé : les statistiques le suivent.")
        self.add_text(self, "titre", "Titre", languages, data.get("titre"), required=True)
        self.add_text(self, "titre_court", "Titre court (facultatif)", languages,
                      data.get("titre_court"))
        self.add_text(self, "description", "Description", languages, data.get("description"),
                      long=True, required=True)
        themes = data.get("themes") or []
        self.fields["themes"] = forms.MultipleChoiceField(
            label="Thèmes du CRA", choices=[(t, t) for t in THEMES],
            initial=[str(t) for t in themes], widget=forms.CheckboxSelectMultiple)
        self.fields["niveau"] = forms.ChoiceField(label="Niveau", choices=[(v, v) for v in LEVELS],
                                                  initial=data.get("niveau"))
        self.fields["duree"] = forms.IntegerField(label="Durée à prévoir (minutes)", min_value=1,
                                                  max_value=240, initial=data.get("duree"))
        self.fields["pictogramme"] = forms.CharField(
            label="Pictogramme de l'accueil", initial=data.get("pictogramme"),
            help_text="Choisissez-le dans « Pictogrammes » ; le chemin commence par pictos/.")
        for name in self.fields:
            self.fields[name].widget.attrs.setdefault("id", f"id_{name}")

    def apply(self, document: FlowDocument) -> None:
        data = self.cleaned_data
        node = document.data
        old = document.flow_id
        document.set_value(node, "id", data["id"])
        for name in ("titre", "titre_court", "description"):
            document.set_text(node, name, self.read_text(data, name, self.languages))
        current = [str(t) for t in node.get("themes") or []]
        if current != list(data["themes"]):
            from ruamel.yaml.comments import CommentedSeq

            themes = CommentedSeq(data["themes"])
            themes.fa.set_flow_style()
            document.set_value(node, "themes", themes)
        document.set_value(node, "niveau", data["niveau"])
        document.set_value(node, "duree", data["duree"])
        document.set_value(node, "pictogramme", data["pictogramme"])
        del old

    def rows(self) -> list[list]:
        return text_rows(self, ["titre", "titre_court", "description"], self.languages)


class StepForm(DsfrBaseForm, TextFields):
    """The fields of one step, by its kind."""

    def __init__(self, document: FlowDocument, step: CommentedMap, languages: list[str],
                 *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.document = document
        self.step = step
        self.languages = languages
        self.kind = StepKind(str(step.get("type"))) if str(step.get("type")) in {
            k.value for k in StepKind} else StepKind.INFORMATION
        ids = [i for i in document.step_ids() if i]
        targets = [(i, i) for i in ids if i != step.get("id")]
        f = self.fields
        f["id"] = forms.SlugField(label="Identifiant de l'étape", initial=step.get("id"),
                                  max_length=64, help_text="Minuscules sans accent, chiffres "
                                  "et tirets. Les réponses qui y mènent suivent le changement.")
        self.add_text(self, "titre", "Titre", languages, step.get("titre"), required=True)
        self.add_text(self, "texte", "Texte", languages, step.get("texte"), long=True)
        f["image"] = forms.CharField(label="Image (facultatif)", required=False,
                                     initial=step.get("image") or "",
                                     help_text="Chemin dans le dossier assets, par exemple "
                                               "images/toucher.png.")
        mark = step.get("repere") if isinstance(step.get("repere"), CommentedMap) else {}
        f["repere_forme"] = forms.ChoiceField(
            label="Où toucher sur l'image", required=False, initial=mark.get("forme", ""),
            choices=[("", "Rien"), *[(s.value, s.value) for s in MarkShape]])
        for key, label in (("x", "depuis la gauche"), ("y", "depuis le haut"),
                           ("largeur", "largeur"), ("hauteur", "hauteur")):
            f[f"repere_{key}"] = forms.DecimalField(
                label=f"Repère : {label} (%)", required=False, min_value=0, max_value=100,
                decimal_places=2, initial=mark.get(key))
        self.add_text(self, "attention", "Avertissement (facultatif)", languages,
                      step.get("attention"))
        self.add_text(self, "a_dire", "Ce que la voix lit, si différent (facultatif)",
                      languages, step.get("a_dire"), long=True)
        if self.kind not in (StepKind.QUESTION, StepKind.END):
            f["suivante"] = forms.ChoiceField(label="Étape suivante", required=False,
                                              choices=[(NEXT_DEFAULT, NEXT_LABEL), *targets],
                                              initial=step.get("suivante") or NEXT_DEFAULT)
        if self.kind is StepKind.QUESTION:
            answers = list(step.get("reponses") or [])
            for number in range(1, 5):
                answer = answers[number - 1] if number <= len(answers) and isinstance(
                    answers[number - 1], CommentedMap) else {}
                self.add_text(self, f"reponse_{number}_texte", f"Réponse {number}", languages,
                              answer.get("texte"), required=number <= 2)
                f[f"reponse_{number}_aller_a"] = forms.ChoiceField(
                    label=f"Réponse {number} : mène à l'étape", required=number <= 2,
                    choices=[("", "—"), *targets, *([(step.get("id"), step.get("id"))]
                                                   if step.get("id") else [])],
                    initial=answer.get("aller_a", ""))
        if "elements" in _kind_fields(self.kind):
            self._add_lines("elements", "Éléments (un par ligne)", step.get("elements"))
        if self.kind is StepKind.PRACTICE:
            f["verification"] = forms.ChoiceField(
                label="Ce qui est vérifié", choices=[(c.value, c.value) for c in PracticeCheck],
                initial=step.get("verification"))
            f["attendu"] = forms.CharField(label="Bonne réponse (attendu)", required=False,
                                           initial=step.get("attendu") or "")
            f["longueur"] = forms.IntegerField(label="Longueur", required=False, min_value=1,
                                               max_value=64, initial=step.get("longueur"))
            self.add_text(self, "exemple", "Exemple montré", languages, step.get("exemple"))
            self._add_lines("indices", "Indices (un par ligne)", step.get("indices"))
            self.add_text(self, "bravo", "Message quand c'est réussi", languages,
                          step.get("bravo"))
            f["clavier"] = forms.ChoiceField(label="Clavier", required=False, choices=[
                ("", "Celui qui convient"), *[(k, k) for k in KEYBOARDS]],
                initial=step.get("clavier") or "")
            choices = list(step.get("choix") or [])
            for number in range(1, 5):
                choice = choices[number - 1] if number <= len(choices) and isinstance(
                    choices[number - 1], CommentedMap) else {}
                self.add_text(self, f"choix_{number}_texte", f"Choix {number}", languages,
                              choice.get("texte"))
                f[f"choix_{number}_bon"] = forms.ChoiceField(
                    label=f"Choix {number} : est-ce le bon ?", required=False,
                    choices=[("", "—"), ("oui", "oui"), ("non", "non")],
                    initial=choice.get("bon", ""))
                self.add_text(self, f"choix_{number}_explication",
                              f"Choix {number} : explication", languages,
                              choice.get("explication"))
        if self.kind is StepKind.WEBSITE:
            f["adresse"] = forms.CharField(label="Adresse du site (https://...)",
                                           initial=step.get("adresse") or "")
        if self.kind is StepKind.END:
            f["resultat"] = forms.ChoiceField(label="Résultat", required=False, choices=[
                (o.value, o.value) for o in EndOutcome], initial=step.get("resultat") or "")

    def _add_lines(self, name: str, label: str, value: object) -> None:
        items = list(value or []) if isinstance(value, list) else []
        for code in self.languages:
            lines = [text_of(item).get(code, "") for item in items]
            self.fields[f"{name}__{code}"] = forms.CharField(
                label=f"{label} — {_language_label(code)}", required=False,
                initial="\n".join(lines), widget=forms.Textarea(attrs={"rows": 4, "lang": code}))

    def _read_lines(self, name: str) -> list[dict[str, str]]:
        columns = {code: (self.cleaned_data.get(f"{name}__{code}") or "").splitlines()
                   for code in self.languages}
        count = max((len(lines) for lines in columns.values()), default=0)
        return [{code: lines[i] if i < len(lines) else "" for code, lines in columns.items()}
                for i in range(count)]

    def apply(self) -> str:
        """Write the form into the step; the step's (maybe new) id."""
        data = self.cleaned_data
        document, step = self.document, self.step
        new_id = data["id"]
        if new_id != step.get("id"):
            document.rename_step(str(step.get("id")), new_id)
        for name in ("titre", "texte", "attention", "a_dire"):
            document.set_text(step, name, self.read_text(data, name, self.languages))
        document.set_value(step, "image", data.get("image"))
        if data.get("repere_forme"):
            mark = step.get("repere") if isinstance(step.get("repere"), CommentedMap) \
                else CommentedMap()
            document.set_value(mark, "forme", data["repere_forme"])
            for key in ("x", "y", "largeur", "hauteur"):
                value = data.get(f"repere_{key}")
                document.set_value(mark, key, None if value is None else _number(value))
            document.set_value(step, "repere", mark)
        else:
            document.set_value(step, "repere", None)
        if "suivante" in self.fields:
            document.set_value(step, "suivante", data.get("suivante") or None)
        if self.kind is StepKind.QUESTION:
            answers = []
            for number in range(1, 5):
                texts = self.read_text(data, f"reponse_{number}_texte", self.languages)
                target = data.get(f"reponse_{number}_aller_a")
                if any(texts.values()) or target:
                    answers.append((texts, target))
            self._write_answers(answers)
        if "elements" in _kind_fields(self.kind):
            document.set_text_list(step, "elements", self._read_lines("elements"))
        if self.kind is StepKind.PRACTICE:
            for key in ("verification", "attendu", "clavier"):
                document.set_value(step, key, data.get(key) or None)
            document.set_value(step, "longueur", data.get("longueur"))
            document.set_text(step, "exemple", self.read_text(data, "exemple", self.languages))
            document.set_text(step, "bravo", self.read_text(data, "bravo", self.languages))
            document.set_text_list(step, "indices", self._read_lines("indices"))
            self._write_choices()
        if self.kind is StepKind.WEBSITE:
            document.set_value(step, "adresse", data.get("adresse"))
        if self.kind is StepKind.END:
            value = data.get("resultat")
            document.set_value(step, "resultat", None if value in ("", "reussite") and
                               "resultat" not in step else value)
        return new_id

    def _write_answers(self, answers: list[tuple[dict[str, str], str]]) -> None:
        from ruamel.yaml.comments import CommentedSeq

        existing = list(self.step.get("reponses") or [])
        new = CommentedSeq()
        for index, (texts, target) in enumerate(answers):
            item = existing[index] if index < len(existing) and isinstance(
                existing[index], CommentedMap) else CommentedMap()
            self.document.set_text(item, "texte", texts)
            self.document.set_value(item, "aller_a", target)
            new.append(item)
        if [dict(a) for a in existing] != [dict(a) for a in new]:
            self.document.set_value(self.step, "reponses", new)

    def _write_choices(self) -> None:
        from ruamel.yaml.comments import CommentedSeq

        data = self.cleaned_data
        existing = list(self.step.get("choix") or [])
        new = CommentedSeq()
        for number in range(1, 5):
            texts = self.read_text(data, f"choix_{number}_texte", self.languages)
            if not any(texts.values()):
                continue
            index = len(new)
            item = existing[index] if index < len(existing) and isinstance(
                existing[index], CommentedMap) else CommentedMap()
            self.document.set_text(item, "texte", texts)
            self.document.set_value(item, "bon", data.get(f"choix_{number}_bon") or None)
            self.document.set_text(item, "explication", self.read_text(
                data, f"choix_{number}_explication", self.languages))
            new.append(item)
        if [dict(a) for a in existing] != [dict(a) for a in new]:
            self.document.set_value(self.step, "choix", new)

    def groups(self) -> list[tuple[str, list[list]]]:
        """(heading, rows of fields) for the template: texts side by side by language."""
        langs = self.languages

        def rows(*names: str) -> list[list]:
            found = []
            for name in names:
                if name in self.fields:
                    found.append([self[name]])
                else:
                    found.extend(text_rows(self, [name], langs))
            return found

        groups = [("L'étape", rows("id", "titre", "texte")),
                  ("Image", rows("image", "repere_forme", "repere_x", "repere_y",
                                 "repere_largeur", "repere_hauteur"))]
        if self.kind is StepKind.QUESTION:
            for number in range(1, 5):
                groups.append((f"Réponse {number}", rows(f"reponse_{number}_texte",
                                                         f"reponse_{number}_aller_a")))
        if "elements" in _kind_fields(self.kind):
            groups.append(("Éléments", rows("elements")))
        if self.kind is StepKind.PRACTICE:
            groups.append(("L'exercice", rows("verification", "attendu", "longueur", "exemple",
                                             "indices", "bravo", "clavier")))
            for number in range(1, 5):
                groups.append((f"Choix {number}", rows(f"choix_{number}_texte",
                                                       f"choix_{number}_bon",
                                                       f"choix_{number}_explication")))
        if self.kind is StepKind.WEBSITE:
            groups.append(("Le site", rows("adresse")))
        if self.kind is StepKind.END:
            groups.append(("La fin", rows("resultat")))
        groups.append(("Compléments", rows("attention", "a_dire", "suivante")))
        return [(heading, found) for heading, found in groups if found]


def _kind_fields(kind: StepKind) -> tuple[str, ...]:
    from kiosk.flows.loader import KIND_FIELDS

    return KIND_FIELDS[kind]


def _number(value) -> int | float:  # type: ignore[no-untyped-def]
    return int(value) if value == int(value) else float(value)


FIELD_OF_KEY = {"titre": "titre__fr", "texte": "texte__fr", "attention": "attention__fr",
                "a_dire": "a_dire__fr", "elements": "elements__fr", "indices": "indices__fr",
                "exemple": "exemple__fr", "bravo": "bravo__fr", "repere": "repere_forme",
                "description": "description__fr", "titre_court": "titre_court__fr",
                "reponses": "reponse_1_texte__fr", "choix": "choix_1_texte__fr"}


def form_field_for(form: forms.Form, key: str) -> str | None:
    """The form field where a validator finding about ``key`` is shown."""
    for name in (key, FIELD_OF_KEY.get(key, ""), f"{key}__fr"):
        if name and name in form.fields:
            return name
    return None


class CaptureForm(DsfrBaseForm):
    """A screenshot for a step's picture, where to tap on it (the step's « repere ») and the
    regions to blur. The drawing script fills the numbers; they can be typed too."""

    def __init__(self, step: CommentedMap, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mark = step.get("repere") if isinstance(step.get("repere"), CommentedMap) else {}
        f = self.fields
        f["fichier"] = forms.FileField(
            label="Capture d'écran du site (facultatif si l'étape a déjà une image)",
            required=False, help_text="Une image PNG, JPEG ou WebP, 10 Mo et 20 millions de "
            "points au plus. Elle est enregistrée sans ses informations cachées (lieu, date).",
            widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
        f["repere_forme"] = forms.ChoiceField(
            label="Où toucher : forme", required=False, initial=mark.get("forme", ""),
            choices=[("", "Rien"), *[(s.value, s.value) for s in MarkShape]])
        for key, label in (("x", "depuis la gauche"), ("y", "depuis le haut"),
                           ("largeur", "largeur"), ("hauteur", "hauteur")):
            f[f"repere_{key}"] = forms.DecimalField(
                label=f"Où toucher : {label} (%)", required=False, min_value=0, max_value=100,
                decimal_places=2, initial=mark.get(key))
        f["flou"] = forms.CharField(
            label="Zones à flouter (facultatif)", required=False,
            help_text="Dessinez-les sur l'image, ou écrivez pour chacune : gauche, haut, largeur, "
                      "hauteur (en pour cent), et « ; » entre deux zones. Exemple : "
                      "10, 20, 30, 5")

    def clean_flou(self) -> list:
        from .captures import CaptureRefused, parse_boxes

        try:
            return parse_boxes(self.cleaned_data.get("flou") or "")
        except CaptureRefused as refused:
            raise forms.ValidationError(f"{refused}") from None

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("repere_forme"):
            return data
        keys = ("x", "y", "largeur", "hauteur")
        missing = [k for k in keys if data.get(f"repere_{k}") is None]
        for key in missing:
            self.add_error(f"repere_{key}", "Écrivez ce nombre, ou dessinez le repère sur "
                                            "l'image.")
        if missing:
            return data
        if data["repere_largeur"] <= 0 or data["repere_hauteur"] <= 0:
            self.add_error("repere_largeur", "Le repère doit avoir une largeur et une hauteur.")
        if data["repere_x"] + data["repere_largeur"] > 100:
            self.add_error("repere_largeur", "Le repère doit tenir dans l'image : depuis la "
                                             "gauche + largeur, 100 au plus.")
        if data["repere_y"] + data["repere_hauteur"] > 100:
            self.add_error("repere_hauteur", "Le repère doit tenir dans l'image : depuis le haut "
                                             "+ hauteur, 100 au plus.")
        return data

    def apply(self, document: FlowDocument, step: CommentedMap, image: str) -> None:
        """Write the picture's name and the mark into the step."""
        data = self.cleaned_data
        document.set_value(step, "image", image or None)
        if data.get("repere_forme") and image:
            mark = step.get("repere") if isinstance(step.get("repere"), CommentedMap) \
                else CommentedMap()
            document.set_value(mark, "forme", data["repere_forme"])
            for key in ("x", "y", "largeur", "hauteur"):
                document.set_value(mark, key, _number(data[f"repere_{key}"]))
            document.set_value(step, "repere", mark)
        else:
            document.set_value(step, "repere", None)

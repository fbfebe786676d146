"""``kiosk say``: write to a WAV file what the kiosk would say, through the speech service."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path

from kiosk.flows.vocabulary import LANGUAGES
from kiosk.settings import Settings
from kiosk.speech import RATES, CallQueue, SpeechService, SpeechUnavailable

HELP = "écrire dans un fichier .wav ce que la borne dirait (pour essayer le lexique)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", metavar="TEXTE", help="le texte à dire, entre guillemets")
    parser.add_argument("--lang", default=None, choices=sorted(LANGUAGES), metavar="LANGUE",
                        help="langue de la voix (par défaut : le réglage language)")
    parser.add_argument("--rate", default=None, choices=sorted(RATES), metavar="VITESSE",
                        help="normal ou lent (par défaut : le réglage speech_rate)")
    parser.add_argument("--out", type=Path, required=True, metavar="FICHIER",
                        help="le fichier .wav à écrire")


def run(args: argparse.Namespace, settings: Settings) -> int:
    language = args.lang or settings.language
    quiet = logging.getLogger("kiosk.speech")  # this command prints the problems itself
    quiet.propagate = False
    quiet.addHandler(logging.NullHandler())
    service = SpeechService(settings, post=CallQueue().post, player=None)
    service.start()
    try:
        for problem in service.lexicon_problems:
            print(f"Lexique : {problem}", file=sys.stderr)
        spoken = service.spoken_text(args.text, language)
        print(f"Texte envoyé à la voix : {spoken}")
        if not service.wait_ready():
            print(service.reason or "son indisponible", file=sys.stderr)
            return 1
        voice = service.voice_for(language)
        if voice is None:
            print(f"son indisponible : aucune voix pour la langue « {language} ».",
                  file=sys.stderr)
            return 1
        try:
            made = service.synthesize(args.text, language, args.rate)
        except SpeechUnavailable as error:
            print(str(error), file=sys.stderr)
            return 1
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, args.out)
    finally:
        service.close()
    print(f"Voix « {voice.name} » ({voice.id}), vitesse {args.rate or service.rate} : "
          f"{args.out} écrit.")
    return 1 if service.lexicon_problems else 0

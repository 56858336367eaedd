"""The translated texts of the Forum's audience scripts (frontend/src/forum/), handed to the page
as JSON: every string people read goes through Django's translations."""

from django.utils.translation import gettext as _


def script_texts() -> dict:
    return {
        "status_connecting": _("Connexion…"),
        "status_open": "",
        "status_closed": _("Connexion perdue, on réessaie…"),
        "status_gone": _("Cette intervention n'est plus disponible."),
        "offline": _("Pas de connexion pour l'instant : réessayez dans un instant."),
        "count": _("{n} / {max} caractères"),
        "sent": _("Question envoyée : elle sera affichée une fois relue par l'équipe du Forum."),
        "vote": _("Voter"),
        "voted": _("Voté"),
        "one_vote": _("{n} vote"),
        "votes": _("{n} votes"),
        "answered": _("répondue"),
        "flagged": _("signalée par le filtre : {reason}"),
        "flag_insult": _("grossièreté"),
        "one_approved": _("{n} question validée."),
        "approved_count": _("{n} questions validées."),
        "mine_pending": _("en attente de relecture"),
        "mine_approved": _("affichée"),
        "approve": _("Valider"),
        "hide": _("Masquer"),
        "pin": _("Épingler à l'écran"),
        "unpin": _("Retirer de l'écran"),
        "answer": _("Marquer répondue"),
        "mute": _("Mettre l'auteur·rice en sourdine"),
        "unmute": _("Lever la sourdine"),
        "done": _("Fait : « {text} »."),
        "pending_count": _("({n} en attente)"),
        "live_captions": _("Sous-titres en direct"),
        "cue_line": _("{time} — {text}"),
        "cue_start": _("Début du sous-titre {n}"),
        "cue_end": _("Fin du sous-titre {n}"),
        "cue_text": _("Texte du sous-titre {n}"),
        "go_to": _("Aller à"),
        "start_here": _("Début ici"),
        "end_here": _("Fin ici"),
        "remove": _("Supprimer"),
        "bad_time": _("Sous-titre {n} : écrivez le temps ainsi : 01:23.500."),
        "saved": _("{n} sous-titres enregistrés."),
    }

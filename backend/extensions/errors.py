"""The French message for each HTTP status an error payload may carry."""

STATUS_MESSAGES = {
    400: "Requête invalide.",
    401: "Authentification requise : connectez-vous.",
    403: "Vous n'avez pas accès à cette ressource.",
    404: "Ressource introuvable.",
    405: "Méthode non autorisée sur cette adresse.",
    406: "Format de réponse non disponible.",
    409: "Conflit avec une ressource existante.",
    413: "Envoi trop volumineux.",
    415: "Type de contenu non pris en charge.",
    422: "Certaines données sont invalides : voir le détail par champ.",
    429: "Trop de requêtes : réessayez dans un instant.",
    500: "Erreur interne : l'équipe technique a été prévenue.",
    503: "Service momentanément indisponible : réessayez dans un instant.",
}

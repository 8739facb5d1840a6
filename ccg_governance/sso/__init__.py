"""Single sign-on with OpenID Connect (mozilla-django-oidc), off unless configured (ADR 0026).

``config`` reads the provider's settings (from its discovery document when given one),
``matching`` decides whom a sign-in is for (an existing person, by verified email; never a
new one; a privileged login only when allowed), ``backend`` is the authentication backend
and ``views`` the start and callback pages and the sign-in page's button.
"""

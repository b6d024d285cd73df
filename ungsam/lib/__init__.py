"""Small helpers every domain app may use (pagination, form mixins). Below the domain apps:
nothing here imports from them, and they never import the `web` app for these."""

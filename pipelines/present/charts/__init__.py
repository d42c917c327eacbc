"""Chart builders shared by pages and exports: the same function draws both, so they never differ."""

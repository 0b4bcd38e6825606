# %%
assert answer == 42

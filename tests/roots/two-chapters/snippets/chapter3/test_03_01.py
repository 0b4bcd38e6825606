# %%
assert other == 3

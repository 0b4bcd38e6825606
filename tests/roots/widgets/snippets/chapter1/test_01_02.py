# %%
assert double(4) == 8

# %%
assert area(2, 3) == 6

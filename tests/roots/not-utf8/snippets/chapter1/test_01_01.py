# %%
assert total == 3
